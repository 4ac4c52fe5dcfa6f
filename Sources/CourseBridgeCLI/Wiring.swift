/// Connects the modules for the executable.
enum Wiring {}
