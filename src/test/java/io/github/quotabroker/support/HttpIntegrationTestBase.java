package io.github.quotabroker.support;

import org.springframework.boot.test.web.server.LocalServerPort;

/** An integration test on the application's real port; see {@link DatabaseTestBase}. */
@HttpIntegrationTest
public abstract class HttpIntegrationTestBase extends DatabaseTestBase {

	@LocalServerPort
	protected int port;

}
