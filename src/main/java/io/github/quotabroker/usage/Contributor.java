package io.github.quotabroker.usage;

/**
 * Who or what added to a team's usage of a pool in one hour.
 *
 * @param dimension {@code member}, {@code agent}, {@code model} or {@code workflow}
 * @param key the member, agent, model or workflow id; {@code null} for the events that
 * name none
 * @param amount what they added, in the pool's base unit
 */
public record Contributor(String dimension, String key, long amount) {

}
