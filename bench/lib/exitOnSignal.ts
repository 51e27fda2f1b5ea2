/** Preloaded (node --require) into the CLI's node processes when measure 8 profiles them: the
 *  engine stops its plugins with SIGINT, which ends node without the exit that makes --cpu-prof
 *  write its profile; exiting on the signal instead lets it. */
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
