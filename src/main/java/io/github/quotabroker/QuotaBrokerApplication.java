package io.github.quotabroker;

import java.time.Clock;

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

	/** The one clock of the service; tests replace it with a movable one. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
