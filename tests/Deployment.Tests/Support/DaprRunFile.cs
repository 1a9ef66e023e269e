namespace DaprChannels.Deployment.Tests.Support;

/// <summary>The apps of dapr.yaml, with common env merged under each app's env (as the Dapr CLI does).</summary>
public sealed record DaprRunApp(string AppId, string AppDirPath, int AppPort, int? DaprHttpPort, IReadOnlyDictionary<string, string?> Env, JsonObject Raw)
{
    public static readonly string[] ExpectedAppIds = ["ingress", "normalizer", "bot-responder", "dispatcher", "integration-admin"];

    public static JsonNode RunFile() => YamlDocuments.LoadSingle(RepoFiles.PathOf("dapr.yaml"))!;

    public static IReadOnlyList<DaprRunApp> Load()
    {
        var file = RunFile();
        var common = file.At("common", "env") as JsonObject ?? [];
        return file["apps"].Items().OfType<JsonObject>().Select(app =>
        {
            var env = common.ToDictionary(p => p.Key, p => p.Value?.ToString());
            foreach (var (key, value) in app["env"] as JsonObject ?? [])
            {
                env[key] = value?.ToString();
            }

            return new DaprRunApp(
                app["appID"].Text() ?? "",
                app["appDirPath"].Text() ?? "",
                app["appPort"]!.GetValue<int>(),
                app["daprHTTPPort"]?.GetValue<int>(),
                env,
                app);
        }).ToList();
    }

    /// <summary>Project folder name under services/ (appDirPath "./services/Ingress/" → "Ingress").</summary>
    public string ProjectName => Path.GetFileName(AppDirPath.TrimEnd('/'));

    public string FullDirectory => Path.GetFullPath(Path.Combine(RepoFiles.Root, AppDirPath));
}
