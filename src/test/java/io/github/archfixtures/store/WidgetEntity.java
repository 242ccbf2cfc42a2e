package io.github.archfixtures.store;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

@Entity
public class WidgetEntity {

	@Id
	public String id;

}
