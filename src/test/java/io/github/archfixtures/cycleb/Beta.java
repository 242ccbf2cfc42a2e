package io.github.archfixtures.cycleb;

import io.github.archfixtures.cyclea.Alpha;

public class Beta {

	Alpha alpha;

}
