package dev.grantor.adapter.rest;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;

/**
 * Requests are routed by the method on their request line only. Javalin would let an {@code X-HTTP-Method-Override}
 * header turn a GET, HEAD or POST into a DELETE, past anything that trusts the method (caches, proxies, CSRF rules);
 * no official SDK sends one, so the override headers are hidden before routing.
 */
final class MethodOverrides implements Filter {

    private static final Set<String> OVERRIDES = Set.of("x-http-method-override", "x-http-method", "x-method-override");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && carriesOverride(http)) {
            chain.doFilter(new WithoutOverrides(http), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static boolean carriesOverride(HttpServletRequest request) {
        for (String name : OVERRIDES) {
            if (request.getHeader(name) != null) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOverride(String name) {
        return name != null && OVERRIDES.contains(name.toLowerCase(Locale.ROOT));
    }

    private static final class WithoutOverrides extends HttpServletRequestWrapper {
        WithoutOverrides(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return isOverride(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return isOverride(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream().filter(n -> !isOverride(n)).toList());
        }
    }
}
