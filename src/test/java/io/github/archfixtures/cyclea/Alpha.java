package io.github.archfixtures.cyclea;

import io.github.archfixtures.cycleb.Beta;

public class Alpha {

	Beta beta;

}
