package dev.grantor.adapter.web.page;

import io.vavr.collection.List;

/**
 * What the shared layout ({@code layout.jte}) needs around a page's content: the title (the page's own words,
 * {@code heading}, then the site's name), the realm's navigation, the versioned stylesheet and script, the CSRF
 * token for the sign-out form ({@code signOutAction} empty when signed out), and, beside it, where and who the visitor
 * is signed in ({@code place}, the business's name, and {@code person}; both empty when signed out), so that a link
 * someone else forwarded cannot put a visitor in another's console or portal unnoticed.
 */
public record Frame(String title, String heading, String home, List<NavLink> nav, String stylesheet, String script,
                    String csrfToken, String signOutAction, String place, String person) {

    public record NavLink(String label, String href, boolean current) {}

    public boolean signedIn() {
        return !signOutAction.isEmpty();
    }

    /** The same frame naming the signed-in person otherwise: the console adds a viewer's role to it. */
    public Frame withPerson(String named) {
        return new Frame(title, heading, home, nav, stylesheet, script, csrfToken, signOutAction, place, named);
    }

    /**
     * The frame of a page shown again because its form was refused: the title says so first, as it is the first
     * thing a screen reader reads of the new page (the refusal itself is next to its field).
     */
    public Frame refused() {
        return new Frame("Error: " + title, heading, home, nav, stylesheet, script, csrfToken, signOutAction, place, person);
    }
}
