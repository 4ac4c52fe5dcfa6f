import CourseBridgeCLI

CourseBridgeCommand.main()
