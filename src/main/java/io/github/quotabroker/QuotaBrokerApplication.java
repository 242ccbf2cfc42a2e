package io.github.quotabroker;

import java.time.Clock;

import io.github.quotabroker.database.DatabaseClock;
import io.github.quotabroker.imports.ImportCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Quota Broker: shares scarce LLM quota (messages, tokens, cost per window) fairly among
 * teams.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class QuotaBrokerApplication {

	public static void main(String[] args) {
		// Commands run before Spring: no web server, no database.
		if (args.length > 0 && ImportCommand.NAME.equals(args[0])) {
			System.exit(ImportCommand.run(args, System.getenv(), System.out));
		}
		SpringApplication.run(QuotaBrokerApplication.class, args);
	}

	/**
	 * The one clock of the service: this host's clock kept on the database server's time
	 * ({@code quota.clock.*}); tests replace it with a movable one.
	 */
	@Bean
	DatabaseClock clock() {
		return new DatabaseClock(Clock.systemUTC());
	}

}
