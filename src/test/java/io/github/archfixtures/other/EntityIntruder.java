package io.github.archfixtures.other;

import io.github.archfixtures.store.WidgetEntity;

public class EntityIntruder {

	String peek(WidgetEntity entity) {
		return entity.id;
	}

}
