package io.github.archfixtures.pure;

import org.springframework.stereotype.Component;

/** Breaks the rule: a Spring bean among the arithmetic. */
@Component
public class ServiceInArithmetic {

}
