/**
 * The customer portal ({@code /portal}): a business's customers sign in with a merchant's one-time link or an emailed
 * code, see their purchases, reveal and copy their keys, free seats, and get a key again or replaced.
 */
package dev.grantor.adapter.web.portal;
