package io.github.quotabroker.security;

import java.util.List;

import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.Callers;
import io.github.quotabroker.web.Unauthorized;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Registers the access rules and lets controllers take the {@link Caller} as an argument.
 */
@Configuration(proxyBeanMethods = false)
class SecurityWebConfiguration implements WebMvcConfigurer {

	private final AccessInterceptor accessInterceptor;

	SecurityWebConfiguration(AccessInterceptor accessInterceptor) {
		this.accessInterceptor = accessInterceptor;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this.accessInterceptor);
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new HandlerMethodArgumentResolver() {

			@Override
			public boolean supportsParameter(MethodParameter parameter) {
				return parameter.getParameterType() == Caller.class;
			}

			@Override
			public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
					NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
				Object caller = webRequest.getAttribute(Callers.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
				if (caller == null) {
					throw new Unauthorized("Send an API key as 'Authorization: Bearer <key>'");
				}
				return caller;
			}

		});
	}

}
