using Makini.Grpc.Emulators;

EmulatorApp.Build(args).Run();
