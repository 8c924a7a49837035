using System.Diagnostics;
using System.Text.Json;
using InvoiceScanner.LocalHost;

namespace InvoiceScanner.IntegrationTests;

/// <summary>
/// `up` as a separate process, the way a user runs it: stopping it (SIGTERM, as Ctrl-C or a service manager would)
/// or killing it outright leaves none of its child processes behind.
/// </summary>
public sealed class StackProcessTests
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SIGTERM_stops_the_stack_cleanly_and_every_child_process_is_gone()
    {
        await using var host = await RunningStack.StartAsync(Cancellation);
        var children = host.ChildPids();
        Assert.All(children, pid => Assert.True(ProcessLiveness.IsAlive(pid), $"child {pid} should be running"));
        Assert.Equal(RunningStack.FunctionInstances, host.Status.FunctionInstances);

        ProcessLiveness.Signal(host.Process.Id, ProcessLiveness.SigTerm);

        using var exitWait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.Process.WaitForExitAsync(exitWait.Token);
        Assert.Equal(0, host.Process.ExitCode);
        Assert.Empty(await ProcessLiveness.WaitUntilGoneAsync(children, TimeSpan.FromSeconds(10)));
        Assert.Contains("[local] stopped", host.Output());
    }

    [Fact]
    public async Task Killing_the_host_outright_takes_every_child_process_with_it()
    {
        await using var host = await RunningStack.StartAsync(Cancellation);
        var children = host.ChildPids();
        Assert.All(children, pid => Assert.True(ProcessLiveness.IsAlive(pid), $"child {pid} should be running"));

        host.Process.Kill(entireProcessTree: false); // SIGKILL to the host alone: no cleanup code runs

        using var exitWait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.Process.WaitForExitAsync(exitWait.Token);
        Assert.Empty(await ProcessLiveness.WaitUntilGoneAsync(children, TimeSpan.FromSeconds(30)));
    }

    /// <summary>`dotnet InvoiceScanner.LocalHost.dll up` on free ports with echo functions, until it wrote its ready file.</summary>
    private sealed class RunningStack : IAsyncDisposable
    {
        /// <summary>Passed through the environment variable; an idle stack still runs one process per function.</summary>
        public const int FunctionInstances = 3;

        private readonly string _root;
        private readonly FunctionsFolder _functions;
        private readonly List<string> _output = [];

        private RunningStack(string root, FunctionsFolder functions, Process process)
        {
            _root = root;
            _functions = functions;
            Process = process;
        }

        public Process Process { get; }

        public StackStatus Status { get; private set; } = null!;

        public static async Task<RunningStack> StartAsync(CancellationToken cancellationToken)
        {
            await StackPaths.EnsureNpmPackagesAsync(cancellationToken);
            var root = Directory.CreateTempSubdirectory("invoicescanner-up-").FullName;
            var functions = new FunctionsFolder(LocalFleet.Functions.ToDictionary(f => f.LogicalId, _ => StackPaths.EchoFunctionBuild));
            var readyFile = Path.Combine(root, "ready.json");
            var hostDll = Path.Combine(StackPaths.RepositoryRoot, "local", "InvoiceScanner.LocalHost", "bin",
                StackPaths.Configuration, StackPaths.TargetFramework, "InvoiceScanner.LocalHost.dll");
            var startInfo = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                WorkingDirectory = root,
            };
            foreach (var argument in new[]
                     {
                         hostDll, "up", "--api-port", "0", "--s3-port", "0", "--dynamodb-port", "0",
                         "--functions", functions.Path, "--ready-file", readyFile,
                     })
                startInfo.ArgumentList.Add(argument);
            startInfo.Environment["INVOICESCANNER_REPO"] = StackPaths.RepositoryRoot;
            startInfo.Environment["INVOICESCANNER_STATE_DIR"] = Path.Combine(root, "state");
            startInfo.Environment["INVOICESCANNER_FUNCTION_INSTANCES"] = FunctionInstances.ToString(System.Globalization.CultureInfo.InvariantCulture);

            var stack = new RunningStack(root, functions, Process.Start(startInfo)!);
            stack.Process.OutputDataReceived += (_, e) => stack.Record(e.Data);
            stack.Process.ErrorDataReceived += (_, e) => stack.Record(e.Data);
            stack.Process.BeginOutputReadLine();
            stack.Process.BeginErrorReadLine();

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromMinutes(2));
            try
            {
                while (!File.Exists(readyFile))
                {
                    if (stack.Process.HasExited)
                        throw new InvalidOperationException($"`up` exited with {stack.Process.ExitCode}:\n{stack.Output()}");
                    await Task.Delay(100, deadline.Token);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await stack.DisposeAsync();
                throw new TimeoutException($"`up` did not get ready:\n{stack.Output()}");
            }
            stack.Status = JsonSerializer.Deserialize(await File.ReadAllTextAsync(readyFile, cancellationToken), LocalJsonContext.Default.StackStatus)!;
            return stack;
        }

        /// <summary>emulators.js, DynamoDB Local's java and one process per function of the fleet.</summary>
        public IReadOnlyList<int> ChildPids()
        {
            var pids = new List<int> { Status.EmulatorsPid!.Value, Status.DynamoDbPid!.Value };
            pids.AddRange(Status.FunctionPids.Values.Select(p => p!.Value));
            Assert.Equal(2 + LocalFleet.Functions.Count, pids.Distinct().Count());
            Assert.Equal(Process.Id, Status.HostPid);
            return pids;
        }

        public string Output()
        {
            lock (_output)
                return string.Join('\n', _output);
        }

        private void Record(string? line)
        {
            if (line is null)
                return;
            lock (_output)
                _output.Add(line);
        }

        public async ValueTask DisposeAsync()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await Process.WaitForExitAsync(wait.Token);
            }
            Process.Dispose();
            _functions.Dispose();
            LogFiles.Keep(WriteOutput(), $"up-{Status?.HostPid}.log");
            Directory.Delete(_root, recursive: true);
        }

        private string WriteOutput()
        {
            var path = Path.Combine(_root, "output.log");
            File.WriteAllText(path, Output());
            return path;
        }
    }
}
