package dev.atelier.core.identity;

import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** A person who signs in. Platform-level: a user may belong to several tenants. */
@Entity
@Table(name = "users")
public class User {

  @Id private String id;

  @Column(nullable = false)
  private String email;

  @Column(nullable = false)
  private String name;

  @Column(name = "password_hash", nullable = false)
  private String passwordHash;

  private boolean superuser;

  private boolean disabled;

  /** False while the password is the unusable random one of an account a provider created. */
  @Column(name = "password_chosen")
  private boolean passwordChosen = true;

  @Column(name = "email_verified")
  private boolean emailVerified;

  /** The TOTP secret, encrypted; pending until {@link #totpEnabled}. */
  @Column(name = "totp_secret")
  private String totpSecret;

  @Column(name = "totp_enabled")
  private boolean totpEnabled;

  /** The last TOTP time step whose code was accepted. */
  @Column(name = "totp_last_step")
  private Long totpLastStep;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected User() {}

  public User(String email, String name, String passwordHash) {
    this.id = UUID.randomUUID().toString();
    this.email = normalizeEmail(email);
    this.name = name;
    this.passwordHash = passwordHash;
    this.createdAt = Times.now();
    this.updatedAt = createdAt;
  }

  public static String normalizeEmail(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  public String id() {
    return id;
  }

  public String email() {
    return email;
  }

  public String name() {
    return name;
  }

  public String passwordHash() {
    return passwordHash;
  }

  /** Whether the person chose the password (false for an account a provider created). */
  public boolean passwordChosen() {
    return passwordChosen;
  }

  /** Marks the password as the unusable random one of an account a provider creates. */
  public void markPasswordUnchosen() {
    this.passwordChosen = false;
  }

  public boolean superuser() {
    return superuser;
  }

  public boolean disabled() {
    return disabled;
  }

  /** Whether the user confirmed their address (a verification or password-reset mail). */
  public boolean emailVerified() {
    return emailVerified;
  }

  public void markEmailVerified() {
    this.emailVerified = true;
    touch();
  }

  /** The encrypted TOTP secret: pending enrolment or in force; null when there is none. */
  public String totpSecret() {
    return totpSecret;
  }

  /** Whether signing in needs a second factor (TOTP confirmed). */
  public boolean totpEnabled() {
    return totpEnabled;
  }

  /** The last accepted time step, or -1. */
  public long totpLastStep() {
    return totpLastStep == null ? -1 : totpLastStep;
  }

  /** Starts an enrolment with a new secret (encrypted); not in force until confirmed. */
  public void startTotp(String sealedSecret) {
    this.totpSecret = sealedSecret;
    this.totpEnabled = false;
    this.totpLastStep = null;
    touch();
  }

  /** Puts the enrolment in force; {@code step} is the step of the code that confirmed it. */
  public void enableTotp(long step) {
    this.totpEnabled = true;
    this.totpLastStep = step;
    touch();
  }

  /** Notes that the code of {@code step} was used. */
  public void useTotpStep(long step) {
    this.totpLastStep = step;
  }

  /** Signing in needs only the password again. */
  public void disableTotp() {
    this.totpSecret = null;
    this.totpEnabled = false;
    this.totpLastStep = null;
    touch();
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public void rename(String name) {
    this.name = name;
    touch();
  }

  /** A new address, unverified until its owner confirms it; the same address changes nothing. */
  public void changeEmail(String email) {
    String normalized = normalizeEmail(email);
    if (!normalized.equals(this.email)) {
      this.email = normalized;
      this.emailVerified = false;
    }
    touch();
  }

  public void changePasswordHash(String hash) {
    this.passwordHash = hash;
    this.passwordChosen = true;
    touch();
  }

  public void setSuperuser(boolean superuser) {
    this.superuser = superuser;
    touch();
  }

  public void setDisabled(boolean disabled) {
    this.disabled = disabled;
    touch();
  }

  private void touch() {
    this.updatedAt = Times.now();
  }
}
