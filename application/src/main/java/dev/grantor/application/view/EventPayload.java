package dev.grantor.application.view;

/** The {@code data} of an event envelope: one record per kind of event the outbox publishes. */
public sealed interface EventPayload permits EntitlementGrantView, LicenseKeyView, RotatedLicenseKeyView, KeyPoolStockView {}
