package dev.atelier.core.tenancy;

import java.time.Instant;

public record MemberView(String userId, String email, String name, String role, Instant joinedAt) {}
