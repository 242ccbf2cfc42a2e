package io.github.quotabroker.web;

/** What an API key may do; see the README's role table. */
public enum Role {

	/** Everything, for every team: pools, teams, allocations, keys, audit. */
	ADMIN,

	/** Reads and manages its own team; reads the pools its team is allocated. */
	TEAM_LEAD,

	/** Posts usage and reads availability for its own team. */
	AGENT

}
