return await StreamLip.Server.ServerHost.RunAsync(args, CancellationToken.None).ConfigureAwait(false);
