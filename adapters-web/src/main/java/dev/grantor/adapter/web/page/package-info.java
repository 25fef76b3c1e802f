/**
 * What the console and the portal share: a realm's routes with their sessions and CSRF checks ({@link
 * dev.grantor.adapter.web.page.RealmPages}), the layout's frame, the compiled templates, the versioned assets and the
 * security headers.
 */
package dev.grantor.adapter.web.page;
