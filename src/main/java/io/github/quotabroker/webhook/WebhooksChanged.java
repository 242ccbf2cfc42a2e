package io.github.quotabroker.webhook;

/** A webhook was created, replaced or deleted: listen after commit. */
record WebhooksChanged(String path) {
}
