package io.github.quotabroker.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every exception a controller lets out into an RFC 9457 problem: 4xx are logged at
 * WARN without a stack trace, 5xx at ERROR with one, and no body ever carries SQL or a
 * stack trace.
 */
@RestControllerAdvice
class ProblemHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	@ExceptionHandler(ApiException.class)
	ResponseEntity<ProblemDetail> api(ApiException ex, HttpServletRequest request) {
		return answer(Problems.of(ex), request);
	}

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ResponseEntity<ProblemDetail> invalidBody(MethodArgumentNotValidException ex, HttpServletRequest request) {
		List<FieldError> errors = new ArrayList<>();
		ex.getBindingResult()
			.getFieldErrors()
			.forEach((e) -> errors.add(FieldError.of(e.getField(), e.getDefaultMessage())));
		ex.getBindingResult().getGlobalErrors().forEach((e) -> errors.add(FieldError.of(null, e.getDefaultMessage())));
		return answer(Problems.of(new InvalidRequest(errors)), request);
	}

	@ExceptionHandler(HandlerMethodValidationException.class)
	ResponseEntity<ProblemDetail> invalidParameter(HandlerMethodValidationException ex, HttpServletRequest request) {
		List<FieldError> errors = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			String name = result.getMethodParameter().getParameterName();
			result.getResolvableErrors().forEach((e) -> errors.add(FieldError.of(name, e.getDefaultMessage())));
		}
		return answer(Problems.of(new InvalidRequest(errors)), request);
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException ex, HttpServletRequest request) {
		String expected = (ex.getRequiredType() != null) ? ex.getRequiredType().getSimpleName() : "another type";
		return answer(Problems.of(new InvalidRequest(ex.getName(), "must be a valid " + expected)), request);
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException ex,
			HttpServletRequest request) {
		return answer(Problems.of(new InvalidRequest(ex.getParameterName(), "is required")), request);
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex, HttpServletRequest request) {
		BodyTooLarge tooLarge = BodyTooLarge.findIn(ex);
		if (tooLarge != null) {
			return answer(Problems.of(ProblemType.BODY_TOO_LARGE, tooLarge.getMessage()), request);
		}
		ProblemDetail problem = Problems.of(ProblemType.MALFORMED_BODY, JsonErrors.describe(ex.getCause()));
		String field = JsonErrors.field(ex.getCause());
		if (field != null) {
			problem.setProperty("errors", List.of(FieldError.of(field, JsonErrors.describe(ex.getCause()))));
		}
		return answer(problem, request);
	}

	@ExceptionHandler({ NoResourceFoundException.class, NoHandlerFoundException.class })
	ResponseEntity<ProblemDetail> noSuchPath(Exception ex, HttpServletRequest request) {
		return answer(Problems.of(ProblemType.NOT_FOUND, "No endpoint " + request.getRequestURI()), request);
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<ProblemDetail> methodNotAllowed(HttpRequestMethodNotSupportedException ex,
			HttpServletRequest request) {
		return answer(Problems.of(ProblemType.METHOD_NOT_ALLOWED,
				request.getMethod() + " is not supported on " + request.getRequestURI()), request);
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ProblemDetail> unsupportedMediaType(HttpMediaTypeNotSupportedException ex,
			HttpServletRequest request) {
		return answer(Problems.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json"), request);
	}

	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException ex, HttpServletRequest request) {
		String answers = ex.getSupportedMediaTypes().isEmpty() ? "application/json"
				: ex.getSupportedMediaTypes().get(0).toString();
		return answer(Problems.of(ProblemType.NOT_ACCEPTABLE, "This endpoint answers " + answers), request);
	}

	/**
	 * The client of a streamed answer went away: nobody is left to answer, and it is no
	 * error of the service. Taking the response marks the request handled.
	 */
	@ExceptionHandler(AsyncRequestNotUsableException.class)
	void clientGone(HttpServletResponse response) {
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex, HttpServletRequest request) {
		if (DatabaseOutage.causedBy(ex)) {
			return answer(databaseUnavailable(), request);
		}
		log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), ex);
		return answer(Problems.of(ProblemType.INTERNAL, "An unexpected error occurred; it has been logged"), request);
	}

	/** The problem for a request that failed because the database did not answer. */
	static ProblemDetail databaseUnavailable() {
		return Problems.of(ProblemType.UNAVAILABLE,
				"The database is not reachable just now; retrying is safe (nothing half-written is kept)");
	}

	private ResponseEntity<ProblemDetail> answer(ProblemDetail problem, HttpServletRequest request) {
		if (problem.getStatus() < 500) {
			// A client's mistake or an expected outcome (a full pool's 409): the client
			// has the
			// problem, http_server_requests counts it by status. At WARN a busy pool
			// wrote a
			// line per refused hold, 67 a second in the soak.
			log.debug("{} {} -> {} {}", request.getMethod(), request.getRequestURI(), problem.getStatus(),
					problem.getDetail());
		}
		else if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
			log.warn("{} {} -> 503 {}", request.getMethod(), request.getRequestURI(), problem.getDetail());
		}
		return Problems.response(problem);
	}

	/** Plain-words descriptions of Jackson failures, never echoing internals. */
	static final class JsonErrors {

		private JsonErrors() {
		}

		static String field(Throwable cause) {
			if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
				StringBuilder path = new StringBuilder();
				for (JacksonException.Reference ref : databind.getPath()) {
					if (ref.getPropertyName() != null) {
						if (!path.isEmpty()) {
							path.append('.');
						}
						path.append(ref.getPropertyName());
					}
					else if (ref.getIndex() >= 0) {
						path.append('[').append(ref.getIndex()).append(']');
					}
				}
				return path.isEmpty() ? null : path.toString();
			}
			return null;
		}

		static String describe(Throwable cause) {
			if (cause == null) {
				return "The request body is missing or is not valid JSON";
			}
			String field = field(cause);
			if (cause instanceof tools.jackson.databind.exc.UnrecognizedPropertyException) {
				return "Unknown field '" + field + "'";
			}
			if (cause instanceof tools.jackson.databind.exc.InvalidFormatException
					|| cause instanceof tools.jackson.databind.exc.MismatchedInputException) {
				return (field != null) ? "Field '" + field + "' has the wrong type or format"
						: "The body has the wrong shape";
			}
			if (cause instanceof tools.jackson.core.exc.StreamConstraintsException) {
				return "The body exceeds a JSON size limit (nesting depth, number or string length)";
			}
			return "The request body is not valid JSON";
		}

	}

}
