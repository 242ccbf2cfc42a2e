package io.github.quotabroker.team;

import com.jayway.jsonpath.JsonPath;
import io.github.quotabroker.support.IntegrationTestBase;
import io.github.quotabroker.support.TestBeans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class TeamApiIT extends IntegrationTestBase {

	@Autowired
	TeamService teams;

	@Test
	void aNewTeamIsCreatedAndAnExistingOneReplaced() throws Exception {
		this.api.put("/teams/platform", """
				{"name":"Platform","timezone":"Europe/Berlin","members":[
				  {"id":"ana","timezone":"Europe/Lisbon","workingHours":"09:00-17:00"},
				  {"id":"kenji","timezone":"Asia/Tokyo","workingHours":"22:00-06:00"},
				  {"id":"bot","timezone":"UTC"}]}
				""")
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "/teams/platform"))
			.andExpect(jsonPath("$.weight").value(1))
			.andExpect(jsonPath("$.members", hasSize(3)));
		this.api.get("/teams/platform")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.timezone").value("Europe/Berlin"))
			.andExpect(jsonPath("$.members[?(@.id == 'kenji')].workingHours").value("22:00-06:00"))
			.andExpect(jsonPath("$.members[?(@.id == 'bot')].workingHours").isEmpty());
		this.clock.set(TestBeans.START.plusSeconds(60));
		this.api
			.put("/teams/platform",
					"""
							{"name":"Platform team","timezone":"America/New_York","weight":2.5,"members":[{"id":"ana","timezone":"Europe/Lisbon"}]}
							""")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("Platform team"))
			.andExpect(jsonPath("$.weight").value(2.5))
			.andExpect(jsonPath("$.members", hasSize(1)))
			.andExpect(jsonPath("$.createdAt").value("2026-11-25T12:00:00Z"))
			.andExpect(jsonPath("$.updatedAt").value("2026-11-25T12:01:00Z"));
		this.api.get("/teams/platform")
			.andExpect(jsonPath("$.timezone").value("America/New_York"))
			.andExpect(jsonPath("$.members", hasSize(1)));
	}

	@Test
	void anAutomationWindowIsKeptInTheTeamsZoneAndABadOneNamed() throws Exception {
		this.api.put("/teams/platform", """
				{"name":"Platform","timezone":"Asia/Tokyo","automationWindow":"22:00-06:00"}
				""").andExpect(status().isCreated()).andExpect(jsonPath("$.automationWindow").value("22:00-06:00"));
		assertThat(this.teams.get("platform").automationWindow()).isEqualTo(new WorkingHours(
				java.time.ZoneId.of("Asia/Tokyo"), java.time.LocalTime.of(22, 0), java.time.LocalTime.of(6, 0)));
		for (String bad : new String[] { "22:00", "25:00-06:00", "06:00-06:00" }) {
			this.api.put("/teams/platform", """
					{"name":"Platform","timezone":"Asia/Tokyo","automationWindow":"%s"}
					""".formatted(bad))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.errors[0].field").value("automationWindow"));
		}
		// Left out, the team's automated work may start at any time again.
		this.api.put("/teams/platform", "{\"name\":\"Platform\",\"timezone\":\"Asia/Tokyo\"}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.automationWindow").doesNotExist());
	}

	@Test
	void aTeamsAutomationCapDefaultsToNinetyAndIsReplacedLikeItsWeight() throws Exception {
		this.api.put("/teams/platform", "{\"name\":\"Platform\",\"timezone\":\"UTC\"}")
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.automationCapPercent").value(90));
		this.api.put("/teams/platform", "{\"name\":\"Platform\",\"timezone\":\"UTC\",\"automationCapPercent\":60}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.automationCapPercent").value(60));
		this.api.get("/teams/platform").andExpect(jsonPath("$.automationCapPercent").value(60));
		this.api.get("/teams").andExpect(jsonPath("$[0].automationCapPercent").value(60));
		assertThat(this.teams.get("platform").automationCapPercent()).isEqualTo(60);
		// An admin's PUT is the whole team: left out, the cap goes back to 90, as the
		// weight goes back to 1.
		this.api.put("/teams/platform", "{\"name\":\"Platform\",\"timezone\":\"UTC\",\"weight\":2}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.automationCapPercent").value(90));
		this.api.put("/teams/research", "{\"name\":\"Research\",\"timezone\":\"UTC\",\"automationCapPercent\":1}")
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.automationCapPercent").value(1));
		this.api.put("/teams/research", "{\"name\":\"Research\",\"timezone\":\"UTC\",\"automationCapPercent\":100}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.automationCapPercent").value(100));
	}

	@Test
	void anAutomationCapOutsideOneToHundredIsNamedWithTheOtherErrors() throws Exception {
		for (String cap : new String[] { "0", "101", "-1" }) {
			this.api.put("/teams/platform", """
					{"name":"","timezone":"UTC","weight":0,"automationCapPercent":%s}
					""".formatted(cap))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentType("application/problem+json"))
				.andExpect(jsonPath("$.errors", hasSize(3)))
				.andExpect(jsonPath("$.errors[?(@.field == 'name')]").exists())
				.andExpect(jsonPath("$.errors[?(@.field == 'weight')]").exists())
				.andExpect(jsonPath("$.errors[?(@.field == 'automationCapPercent')].message")
					.value("must be from 1 to 100"));
		}
		this.api.put("/teams/platform", "{\"name\":\"P\",\"timezone\":\"UTC\",\"automationCapPercent\":\"most\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("automationCapPercent"));
		this.api.get("/teams/platform").andExpect(status().isNotFound());
	}

	@Test
	void onlyAnAdminChangesATeamsAutomationCap() throws Exception {
		this.api.put("/teams/platform", "{\"name\":\"Platform\",\"timezone\":\"UTC\",\"automationCapPercent\":70}")
			.andExpect(status().isCreated());
		String lead = JsonPath
			.read(this.api.post("/api-keys", "{\"name\":\"lead\",\"role\":\"TEAM_LEAD\",\"teamId\":\"platform\"}")
				.andExpect(status().isCreated())
				.andReturn()
				.getResponse()
				.getContentAsString(), "$.secret");

		asLead(lead, "{\"name\":\"Platform\",\"timezone\":\"UTC\",\"automationCapPercent\":95}")
			.andExpect(status().isForbidden())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.type").value("https://quota-broker.github.io/problems/forbidden"))
			.andExpect(jsonPath("$.detail").value("Only an ADMIN key may change a team's automationCapPercent"));
		this.api.get("/teams/platform").andExpect(jsonPath("$.automationCapPercent").value(70));
		// Sending the stored value, or leaving it out, keeps it.
		asLead(lead, "{\"name\":\"Platform\",\"timezone\":\"UTC\",\"automationCapPercent\":70}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.automationCapPercent").value(70));
		asLead(lead, "{\"name\":\"Platform by lead\",\"timezone\":\"UTC\"}").andExpect(status().isOk())
			.andExpect(jsonPath("$.automationCapPercent").value(70));
		// Out of range is a 400 for a lead too, before any question of rights.
		asLead(lead, "{\"name\":\"Platform\",\"timezone\":\"UTC\",\"automationCapPercent\":0}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("automationCapPercent"));
		this.api.put("/teams/platform", "{\"name\":\"Platform\",\"timezone\":\"UTC\",\"automationCapPercent\":95}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.automationCapPercent").value(95));
		String audit = this.api.get("/audit?resourceType=team&limit=1").andReturn().getResponse().getContentAsString();
		assertThat(JsonPath.<Integer>read(audit, "$[0].before.automationCapPercent")).isEqualTo(70);
		assertThat(JsonPath.<Integer>read(audit, "$[0].after.automationCapPercent")).isEqualTo(95);
	}

	private ResultActions asLead(String secret, String json) throws Exception {
		return this.mvc.perform(MockMvcRequestBuilders.put("/teams/platform")
			.header("Authorization", "Bearer " + secret)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json));
	}

	@Test
	void teamsAreListedById() throws Exception {
		this.api.team("research", "UTC");
		this.api.team("platform", "UTC");
		this.api.get("/teams")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$", hasSize(2)))
			.andExpect(jsonPath("$[0].id").value("platform"))
			.andExpect(jsonPath("$[1].id").value("research"));
	}

	@Test
	void anUnknownTeamIsNotFound() throws Exception {
		this.api.get("/teams/nobody")
			.andExpect(status().isNotFound())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.type").value("https://quota-broker.github.io/problems/not-found"));
	}

	@Test
	void everyInvalidFieldOfATeamIsNamed() throws Exception {
		this.api.put("/teams/platform", """
				{"name":"","timezone":"CET","members":[
				  {"id":"ana","timezone":"Moon/Base","workingHours":"9 to 5"},
				  {"id":"ana","timezone":"UTC","workingHours":"09:00-09:00"}]}
				""")
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.errors", hasSize(6)))
			.andExpect(jsonPath("$.errors[?(@.field == 'name')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'timezone')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'members[0].timezone')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'members[0].workingHours')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'members[1].id')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'members[1].workingHours')]").exists());
		this.api.get("/teams/platform").andExpect(status().isNotFound());
	}

	@Test
	void aMalformedTeamIdInThePathIsRefused() throws Exception {
		this.api.put("/teams/-bad", "{\"name\":\"x\",\"timezone\":\"UTC\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("teamId"));
	}

	@Test
	void anUnknownFieldInATeamIsRefused() throws Exception {
		this.api.put("/teams/platform", "{\"name\":\"x\",\"timezone\":\"UTC\",\"colour\":\"blue\"}")
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.errors[0].field").value("colour"));
	}

}
