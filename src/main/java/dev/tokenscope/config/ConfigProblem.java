package dev.tokenscope.config;

/** Something in a config file that was not obeyed, which the run reports as an error. */
public record ConfigProblem(String where, String message) {}
