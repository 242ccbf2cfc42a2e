package io.github.quotabroker.support;

/** An integration test on MockMvc; see {@link DatabaseTestBase}. */
@IntegrationTest
public abstract class IntegrationTestBase extends DatabaseTestBase {

}
