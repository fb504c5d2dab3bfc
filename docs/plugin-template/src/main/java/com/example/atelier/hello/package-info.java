/**
 * A minimal Atelier plugin: one REST route. Start a plugin of your own from a copy of this project
 * (see docs/writing-plugins.md).
 */
package com.example.atelier.hello;
