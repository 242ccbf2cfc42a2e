package io.github.archfixtures.store;

public class WidgetRepository {

	public WidgetEntity find(String id) {
		return new WidgetEntity();
	}

}
