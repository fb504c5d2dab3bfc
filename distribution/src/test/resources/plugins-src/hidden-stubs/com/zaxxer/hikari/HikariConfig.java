package com.zaxxer.hikari;

/** Stands in for the server's copy of HikariCP when the hidden plugin is compiled. */
public class HikariConfig {}
