/**
 * The black-box test harness of Atelier and its plugins: {@link dev.atelier.testkit.AtelierServer}
 * (or {@link dev.atelier.testkit.AtelierTest}) starts a real server with the plugins under test,
 * {@link dev.atelier.testkit.Api} calls it over HTTP, {@link dev.atelier.testkit.Accounts} makes
 * signed-in users in tenants of their own, {@link dev.atelier.testkit.Problems} checks error
 * answers, {@link dev.atelier.testkit.Features} and {@link dev.atelier.testkit.Plugins} switch and
 * inspect plugins, {@link dev.atelier.testkit.Concurrently} races requests, and {@link
 * dev.atelier.testkit.FakeUpstream} stands in for a third-party API a plugin calls. See {@code
 * docs/writing-plugins.md}.
 */
package dev.atelier.testkit;
