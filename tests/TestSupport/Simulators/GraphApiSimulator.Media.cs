using System.Security.Cryptography;

namespace DaprChannels.TestSupport.Simulators;

/// <summary>
/// WhatsApp media by id, as the Cloud API documents it: <c>GET /{version}/{media-id}</c> (Bearer)
/// answers messaging_product, url, mime_type, sha256, file_size (a string) and id; the url is valid
/// for a limited time and must be fetched with the same Bearer token. The optional
/// <c>phone_number_id</c> query makes the answer conditional on the media belonging to that number.
/// </summary>
public sealed partial class GraphApiSimulator
{
    public const string MediaDownloadPath = "/whatsapp_business/attachments/";

    private readonly ConcurrentDictionary<string, SimulatedMedia> _media = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string MediaId, DateTimeOffset ExpiresAt)> _downloadTickets = new(StringComparer.Ordinal);

    /// <summary>How long a download URL handed out stays valid (Meta: 5 minutes).</summary>
    public TimeSpan MediaUrlLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Calls of the download URL, in order.</summary>
    public IReadOnlyList<GraphApiCall> MediaDownloads => Calls.Where(c => c.Path.StartsWith(MediaDownloadPath, StringComparison.Ordinal)).ToList();

    /// <summary>Makes <paramref name="mediaId"/> a received media file of <paramref name="phoneNumberId"/> (any number when null).</summary>
    /// <param name="announcedSize">The file_size the metadata claims, when it should differ from the bytes served.</param>
    /// <param name="sendLength">False serves the bytes chunked, without a Content-Length.</param>
    /// <param name="downloadUrl">The URL the metadata hands out instead of the simulator's own (a forged host).</param>
    public GraphApiSimulator AddMedia(string mediaId, byte[] bytes, string mimeType, string? phoneNumberId = null,
        long? announcedSize = null, bool sendLength = true, Uri? downloadUrl = null)
    {
        _media[mediaId] = new SimulatedMedia(bytes, mimeType, phoneNumberId, announcedSize, sendLength, downloadUrl);
        return this;
    }

    private sealed record SimulatedMedia(byte[] Bytes, string MimeType, string? PhoneNumberId, long? AnnouncedSize, bool SendLength, Uri? DownloadUrl);

    private void MapMediaRoutes(WebApplication app) => app.MapGet(MediaDownloadPath, HandleMediaDownloadAsync);

    /// <summary>Answers <c>GET /{version}/{id}</c> when the id is a media id; false leaves the call to the other objects.</summary>
    private async Task<bool> TryHandleMediaGetAsync(HttpContext context, string id, string? token)
    {
        if (!_media.TryGetValue(id, out var media))
        {
            return false;
        }

        var (status, answer, failure) = ReadMedia(id, media, token, context.Request.Query["phone_number_id"].ToString());
        await AnswerAsync(context, "GET", [], token, status, answer, failure);
        return true;
    }

    private (int, JsonObject, GraphSimulatedFailure?) ReadMedia(string id, SimulatedMedia media, string? token, string phoneNumberId)
    {
        if (token is null || !_tokens.ContainsKey(token))
        {
            return Error(401, 190, "Invalid OAuth access token - Cannot parse access token");
        }

        if (Failures.Next(ReadOperation) is { } failure)
        {
            if (failure.StatusCode != 200)
            {
                var (status, answer, _) = Error(failure.StatusCode, failure.Code, failure.Message, failure.Type, failure.Subcode);
                return (status, answer, failure);
            }
        }

        if (phoneNumberId.Length > 0 && media.PhoneNumberId is { } owner && owner != phoneNumberId)
        {
            return Error(400, 100, $"Unsupported get request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", subcode: 33);
        }

        var ticket = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        _downloadTickets[ticket] = (id, DateTimeOffset.UtcNow + MediaUrlLifetime);
        var url = media.DownloadUrl ?? new Uri(BaseUrl, $"{MediaDownloadPath}?mid={Uri.EscapeDataString(id)}&ext={ticket}");
        return (200, new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["url"] = url.ToString(),
            ["mime_type"] = media.MimeType,
            ["sha256"] = Convert.ToHexString(SHA256.HashData(media.Bytes)).ToLowerInvariant(),
            ["file_size"] = (media.AnnouncedSize ?? media.Bytes.LongLength).ToString(CultureInfo.InvariantCulture),
            ["id"] = id,
        }, null);
    }

    /// <summary>The download URL: only with a valid Bearer token, only while the ticket in it is fresh.</summary>
    private async Task HandleMediaDownloadAsync(HttpContext context)
    {
        var token = BearerOf(context.Request);
        var ticket = context.Request.Query["ext"].ToString();
        SimulatedMedia? media = null;
        int status;
        if (token is null || !_tokens.ContainsKey(token))
        {
            status = 401;
        }
        else if (!_downloadTickets.TryGetValue(ticket, out var issued) || issued.ExpiresAt < DateTimeOffset.UtcNow
                 || !_media.TryGetValue(issued.MediaId, out media))
        {
            status = 404;
        }
        else
        {
            status = 200;
        }

        Record(new GraphApiCall("GET", context.Request.Path.Value ?? "", context.Request.QueryString.Value, [],
            context.Request.Headers.Authorization.Count > 0, token, DateTimeOffset.UtcNow, status));
        context.Response.StatusCode = status;
        if (status != 200 || media is null)
        {
            return;
        }

        context.Response.ContentType = media.MimeType;
        if (media.SendLength)
        {
            context.Response.ContentLength = media.Bytes.LongLength;
        }

        await context.Response.Body.WriteAsync(media.Bytes, context.RequestAborted);
    }
}
