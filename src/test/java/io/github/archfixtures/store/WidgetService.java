package io.github.archfixtures.store;

public class WidgetService {

	private final WidgetRepository repository = new WidgetRepository();

	private final UsageLedger ledger = new UsageLedger();

	public String name(String id) {
		WidgetEntity entity = this.repository.find(id);
		this.ledger.append(id);
		return entity.id;
	}

}
