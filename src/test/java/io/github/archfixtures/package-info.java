/**
 * Classes that break (or keep) the rules of {@code ArchitectureTest}, to show that each
 * rule can fail. Deliberately outside {@code io.github.quotabroker} so that neither
 * component nor entity scanning ever sees them.
 */
package io.github.archfixtures;
