package io.github.quotabroker.security;

import java.util.Map;

import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.Callers;
import io.github.quotabroker.web.Forbidden;
import io.github.quotabroker.web.Unauthorized;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/** Applies {@link AccessPolicy} to every controller call before it runs. */
@Component
class AccessInterceptor implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod)) {
			return true;
		}
		String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (pattern == null || pattern.equals("/error")) {
			return true;
		}
		Caller caller = (Caller) request.getAttribute(Callers.ATTRIBUTE);
		if (caller == null) {
			throw new Unauthorized("Send an API key as 'Authorization: Bearer <key>'");
		}
		@SuppressWarnings("unchecked")
		Map<String, String> variables = (Map<String, String>) request
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		String refusal = AccessPolicy.refusal(AccessPolicy.ruleFor(request.getMethod(), pattern), caller,
				(variables != null) ? variables : Map.of());
		if (refusal != null) {
			throw new Forbidden(refusal);
		}
		return true;
	}

}
