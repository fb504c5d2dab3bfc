package dev.atelier.core.tenancy;

import java.time.Instant;

/** A member of a workspace with their role. */
public record MemberView(String userId, String email, String name, String role, Instant joinedAt) {}
