package io.github.archfixtures.other;

import io.github.archfixtures.store.WidgetRepository;

public class RepositoryIntruder {

	Object peek(WidgetRepository repository) {
		return repository.find("x");
	}

}
