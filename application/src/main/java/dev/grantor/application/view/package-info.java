/**
 * The shapes Grantor shows outside the engine, as records with one mapping each from the domain: the HTTP API's
 * objects, the data of the events a webhook carries, and the JSON columns that have the same shape. The product's
 * one JSON configuration ({@link dev.grantor.application.json.GrantorJson}) writes a record's components as its
 * members, in order, in snake_case; a member that does not apply is present with {@code null}.
 */
package dev.grantor.application.view;
