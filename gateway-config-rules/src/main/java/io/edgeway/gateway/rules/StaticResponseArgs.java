package io.edgeway.gateway.rules;

import java.time.Duration;

import io.edgeway.gateway.settings.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Arguments of {@code StaticResponse}: the route answers from the config, never from a backend (a circuit breaker's
 * fallback, a maintenance page, {@code /robots.txt}).
 */
public class StaticResponseArgs extends FilterArgs {

    /** HTTP status. */
    private int status = 200;

    /** Content type of the body. */
    private String contentType = MediaType.TEXT_PLAIN_VALUE;

    /** The body, as is. */
    private String body = "";

    /** Sets {@code Retry-After} (whole seconds), for maintenance and fallback answers. */
    private Duration retryAfter;

    @Override
    public void validate() {
        Problems problems = Problems.under("")
                .require(HttpStatus.resolve(status) != null, "status", status + " is not an HTTP status")
                .require(body != null, "body", "is required (empty for none)")
                .require(retryAfter == null || !retryAfter.isNegative(), "retry-after",
                        "must not be negative, not " + retryAfter);
        try {
            MediaType.parseMediaType(contentType);
        }
        catch (InvalidMediaTypeException ex) {
            problems.require(false, "content-type", "'" + contentType + "' is not a media type");
        }
        problems.throwIfAny();
    }

    public int getStatus() {
        return status;
    }

    public void setStatus(int status) {
        this.status = status;
    }

    public String getContentType() {
        return contentType;
    }

    public void setContentType(String contentType) {
        this.contentType = contentType;
    }

    public String getBody() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }

    public Duration getRetryAfter() {
        return retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }
}
