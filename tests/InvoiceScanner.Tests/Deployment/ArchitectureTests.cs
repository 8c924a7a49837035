using System.Xml.Linq;
using InvoiceScanner.TestSupport;

namespace InvoiceScanner.Tests.Deployment;

/// <summary>
/// The rooms of docs/architecture.md and what each may reference, checked on the project files themselves, and the
/// functions' deploy builds checked for what they must not carry.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly string Root = SharedFolder.RepositoryRoot;

    /// <summary>Every deployable project and the projects it may reference directly (docs/architecture.md).</summary>
    public static readonly Dictionary<string, string[]> AllowedReferences = new()
    {
        ["src/InvoiceScanner.Core"] = [],
        ["src/InvoiceScanner.Hosting"] = ["InvoiceScanner.Core"],
        ["src/InvoiceScanner.Triggers"] = ["InvoiceScanner.Core", "InvoiceScanner.Hosting"],
        ["src/InvoiceScanner.Storage"] = ["InvoiceScanner.Core"],
        ["src/InvoiceScanner.Ocr"] = ["InvoiceScanner.Core"],
        ["src/InvoiceScanner.Extraction"] = ["InvoiceScanner.Core"],
        ["src/InvoiceScanner.CloudEngines"] = ["InvoiceScanner.Core"],
        ["src/InvoiceScanner.EInvoices"] = ["InvoiceScanner.Core"],
        ["functions/UploadPresign"] = ["InvoiceScanner.Storage", "InvoiceScanner.Triggers"],
        ["functions/GetInvoices"] = ["InvoiceScanner.Storage", "InvoiceScanner.Triggers"],
        // CloudEngines for EventBridge: approvals and corrections are told on the bus.
        ["functions/ReviewInvoice"] = ["InvoiceScanner.Storage", "InvoiceScanner.Triggers", "InvoiceScanner.CloudEngines"],
        ["functions/ProcessInvoice"] = ["InvoiceScanner.Storage", "InvoiceScanner.Triggers", "InvoiceScanner.Ocr", "InvoiceScanner.CloudEngines", "InvoiceScanner.EInvoices"],
        ["functions/ExtractData"] = ["InvoiceScanner.Storage", "InvoiceScanner.Triggers", "InvoiceScanner.Extraction", "InvoiceScanner.CloudEngines", "InvoiceScanner.EInvoices"],
        // The webhook settings routes and the bus's invoice events, delivered over HTTP by Core's own client.
        ["functions/Webhooks"] = ["InvoiceScanner.Storage", "InvoiceScanner.Triggers"],
        // A schedule's tick: no HTTP or S3 event to adapt, so no Triggers.
        ["functions/SweepInvoices"] = ["InvoiceScanner.Storage", "InvoiceScanner.Hosting", "InvoiceScanner.CloudEngines"],
    };

    private static XDocument Project(string folder) =>
        XDocument.Load(Directory.GetFiles(Path.Combine(Root, folder), "*.csproj").Single());

    private static IEnumerable<string> References(XDocument project, string item) =>
        project.Descendants(item).Select(e => (string?)e.Attribute("Include") ?? "");

    private static string ProjectName(string include) => Path.GetFileNameWithoutExtension(include.Replace('\\', '/'));

    [Fact]
    public void Every_deployable_project_is_listed()
    {
        var folders = new[] { "src", "functions" }
            .SelectMany(top => Directory.GetDirectories(Path.Combine(Root, top)))
            .Where(dir => Directory.GetFiles(dir, "*.csproj").Length > 0)
            .Select(dir => Path.GetRelativePath(Root, dir).Replace('\\', '/'))
            .Order()
            .ToList();
        Assert.Equal(AllowedReferences.Keys.Order().ToList(), folders);
    }

    [Fact]
    public void Deployable_projects_reference_only_the_rooms_they_may()
    {
        foreach (var (folder, allowed) in AllowedReferences)
        {
            var actual = References(Project(folder), "ProjectReference").Select(ProjectName).Order().ToList();
            Assert.True(actual.SequenceEqual(allowed.Order()), $"{folder} references [{string.Join(", ", actual)}]; docs/architecture.md allows [{string.Join(", ", allowed)}]");
        }
    }

    [Fact]
    public void Only_the_OCR_library_carries_ONNX_Runtime_and_only_the_adapters_the_AWS_SDK()
    {
        var packages = AllowedReferences.Keys.ToDictionary(f => f, f => References(Project(f), "PackageReference").ToList());
        Assert.Equal(["src/InvoiceScanner.Ocr"], packages.Where(p => p.Value.Any(n => n.Contains("OnnxRuntime", StringComparison.Ordinal))).Select(p => p.Key));
        Assert.Equal(["src/InvoiceScanner.Ocr"], packages.Where(p => p.Value.Any(n => n.StartsWith("SkiaSharp", StringComparison.Ordinal) || n.Contains("LibTiff", StringComparison.Ordinal))).Select(p => p.Key));
        Assert.Equal(["src/InvoiceScanner.CloudEngines", "src/InvoiceScanner.Storage"],
            packages.Where(p => p.Value.Any(n => n.StartsWith("AWSSDK.", StringComparison.Ordinal))).Select(p => p.Key).Order());
    }

    [Fact]
    public void The_domain_is_free_of_AWS_types_and_deployables_of_offline_code()
    {
        var core = Directory.GetFiles(Path.Combine(Root, "src", "InvoiceScanner.Core"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var file in core)
            Assert.DoesNotContain("using Amazon", File.ReadAllText(file), StringComparison.Ordinal);

        // Datasets, trainers and test helpers live in tools/, samples/ and tests/, which no deployable may reference.
        foreach (var folder in AllowedReferences.Keys)
            foreach (var include in References(Project(folder), "ProjectReference"))
                Assert.DoesNotMatch(@"(^|[\\/])(tools|tests|local|samples)[\\/]", include);

        // The local stack may use the sample library but no tool.
        foreach (var project in Directory.GetFiles(Path.Combine(Root, "local"), "*.csproj", SearchOption.AllDirectories))
            foreach (var include in References(XDocument.Load(project), "ProjectReference"))
                Assert.DoesNotMatch(@"(^|[\\/])tools[\\/]", include);
    }

    private static IEnumerable<string> FunctionNames =>
        AllowedReferences.Keys.Where(k => k.StartsWith("functions/", StringComparison.Ordinal)).Select(k => k["functions/".Length..]);

    /// <summary>The newest glibc Lambda's provided.al2023 runtime has: a native library needing more fails to load there.</summary>
    private static readonly Version Al2023Glibc = new(2, 34);

    [Fact]
    public void Every_native_library_in_every_published_function_needs_at_most_the_glibc_of_AL2023()
    {
        var published = Environment.GetEnvironmentVariable("INVOICESCANNER_PUBLISHED");
        if (string.IsNullOrEmpty(published))
            Assert.Skip("INVOICESCANNER_PUBLISHED is not set: `make test` publishes the functions and sets it.");
        var checkedFiles = 0;
        foreach (var function in FunctionNames)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(published, function + "Function"), "*", SearchOption.AllDirectories).Where(ElfVersionNeeds.IsElf))
            {
                var needs = ElfVersionNeeds.Read(file);
                var newest = ElfVersionNeeds.NewestGlibc(needs);
                Assert.True(newest is null || newest <= Al2023Glibc,
                    $"{function}: {Path.GetFileName(file)} needs GLIBC_{newest} (AL2023 has {Al2023Glibc}): "
                    + string.Join(", ", needs.Where(n => n.Version.StartsWith("GLIBC_", StringComparison.Ordinal) && ElfVersionNeeds.NewestGlibc([n]) > Al2023Glibc).Select(n => n.Version).Distinct()));
                checkedFiles++;
            }
        }
        // Every function's bootstrap is a native executable, and ProcessInvoice adds ONNX Runtime's libraries.
        Assert.True(checkedFiles >= FunctionNames.Count() + 2, $"only {checkedFiles} ELF files were found under {published}");
    }

    [Fact]
    public void No_deployed_native_file_carries_a_symbol_table()
    {
        var published = Environment.GetEnvironmentVariable("INVOICESCANNER_PUBLISHED");
        if (string.IsNullOrEmpty(published))
            Assert.Skip("INVOICESCANNER_PUBLISHED is not set: `make test` publishes the functions and sets it.");
        // Symbols cost package size and cold-start reading (libSkiaSharp ships with them); the build keeps the
        // bootstrap's in artifacts/symbols and strips the libraries it copies.
        var unstripped = FunctionNames
            .SelectMany(function => Directory.GetFiles(Path.Combine(published, function + "Function"), "*", SearchOption.AllDirectories)
                .Where(ElfVersionNeeds.IsElf).Where(ElfVersionNeeds.HasSymbolTable).Select(file => $"{function}: {Path.GetFileName(file)}"))
            .ToList();
        Assert.True(unstripped.Count == 0, "not stripped: " + string.Join(", ", unstripped));
    }

    [Fact]
    public void The_elf_reader_tells_a_stripped_file_from_one_with_symbols()
    {
        var candidate = new[] { "/usr/bin/ls", "/bin/ls", "/usr/bin/env" }.FirstOrDefault(File.Exists);
        if (candidate is null || !File.Exists("/usr/bin/objcopy"))
            Assert.Skip("No system binary or objcopy here.");
        var withSymbols = Path.Combine(Path.GetTempPath(), $"elf-{Guid.NewGuid():N}");
        var stripped = withSymbols + ".stripped";
        try
        {
            // objcopy adds a symbol (so a table) to a copy, then strips another copy: the reader must tell them apart.
            RunTool("/usr/bin/objcopy", "--add-symbol", "probe=.text:0", candidate, withSymbols);
            RunTool("/usr/bin/objcopy", "--strip-all", withSymbols, stripped);
            Assert.True(ElfVersionNeeds.HasSymbolTable(withSymbols));
            Assert.False(ElfVersionNeeds.HasSymbolTable(stripped));
        }
        finally
        {
            File.Delete(withSymbols);
            File.Delete(stripped);
        }
    }

    private static void RunTool(string tool, params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(tool, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {error}");
    }

    [Fact]
    public void The_elf_reader_finds_the_glibc_versions_a_system_library_needs()
    {
        // A binary of this machine: whatever it is linked against, it needs some GLIBC_2.x from libc.so.6.
        var candidate = new[] { "/usr/bin/ls", "/bin/ls", "/usr/bin/env" }.FirstOrDefault(File.Exists);
        if (candidate is null)
            Assert.Skip("No system binary to read here.");
        var needs = ElfVersionNeeds.Read(candidate);
        Assert.Contains(needs, n => n.Library == "libc.so.6" && n.Version.StartsWith("GLIBC_2.", StringComparison.Ordinal));
        Assert.Equal(new Version(2, 34), ElfVersionNeeds.NewestGlibc([("libc.so.6", "GLIBC_2.2.5"), ("libc.so.6", "GLIBC_2.34"), ("libc.so.6", "GLIBC_PRIVATE")]));
        Assert.False(ElfVersionNeeds.IsElf(typeof(ElfVersionNeeds).Assembly.Location));
    }

    /// <summary>
    /// The deploy builds `make test` publishes (INVOICESCANNER_PUBLISHED names their folder): ONNX Runtime only in
    /// ProcessInvoice (with the image decoder's Skia and the page images' fonts: Lambda has none), and no debug symbols in
    /// any of them.
    /// </summary>
    [Fact]
    public void Published_functions_carry_ONNX_Runtime_only_in_ProcessInvoice_and_no_symbols()
    {
        var published = Environment.GetEnvironmentVariable("INVOICESCANNER_PUBLISHED");
        if (string.IsNullOrEmpty(published))
            Assert.Skip("INVOICESCANNER_PUBLISHED is not set: `make test` publishes the functions and sets it.");
        foreach (var function in FunctionNames)
        {
            var folder = Path.Combine(published, function + "Function");
            Assert.True(File.Exists(Path.Combine(folder, "bootstrap")), $"{folder} holds no bootstrap: was it published?");
            var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
            Assert.Equal(function == "ProcessInvoice", files.Contains("libonnxruntime.so"));
            Assert.Equal(function == "ProcessInvoice", files.Contains("libSkiaSharp.so"));
            Assert.Equal(function == "ProcessInvoice", File.Exists(Path.Combine(folder, "fonts", "DejaVuSans.ttf")));
            Assert.DoesNotContain(files, f => f!.EndsWith(".dbg", StringComparison.Ordinal) || f.EndsWith(".pdb", StringComparison.Ordinal));
        }
    }
}
