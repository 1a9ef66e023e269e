namespace DaprChannels.TestSupport.Simulators;

/// <summary>
/// Lead Ads: leads read by id (<c>GET /{version}/{leadgen-id}?fields=...</c>, answered in the
/// documented shape with <c>field_data</c> and an ISO 8601 <c>created_time</c> with a "+0000" offset)
/// and a Page's forms (<c>GET /{version}/{page-id}/leadgen_forms</c>, a <c>data</c> list).
/// </summary>
public sealed partial class GraphApiSimulator
{
    /// <summary>Operation name for <see cref="FailNext"/> of the forms listing; lead reads are <see cref="ReadOperation"/>.</summary>
    public const string LeadgenFormsOperation = "leadgen_forms";

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, SimulatedLeadForm>> _formsOfPage = new(StringComparer.Ordinal);

    /// <summary>Makes the lead <paramref name="leadId"/> readable with any valid token; each field may have several values.</summary>
    public GraphApiSimulator AddLead(
        string leadId,
        string formId,
        DateTimeOffset createdTime,
        IReadOnlyList<(string Name, string[] Values)> fieldData,
        string? adId = null,
        bool isOrganic = false)
    {
        var lead = new SimulatedLead(leadId, formId, createdTime, fieldData, adId, isOrganic);
        _readableObjects[leadId] = fields => ReadLead(lead, fields);
        return this;
    }

    /// <summary>Adds a lead form to the Page's <c>leadgen_forms</c> edge.</summary>
    public GraphApiSimulator AddLeadForm(string pageId, string formId, string name, string status = "ACTIVE")
    {
        _formsOfPage.GetOrAdd(pageId, _ => new ConcurrentDictionary<string, SimulatedLeadForm>(StringComparer.Ordinal))[formId] =
            new SimulatedLeadForm(formId, name, status);
        return this;
    }

    private async Task HandleLeadgenFormsAsync(HttpContext context, string version, string id)
    {
        var token = BearerOf(context.Request);
        id = Resolve(id, token);
        var refused = Authorize(token, id, LeadgenFormsOperation, out var slow);
        var fields = context.Request.Query["fields"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (status, answer, failure) = refused ?? (200, ListForms(id, fields), null);
        await AnswerAsync(context, "GET", [], token, status, answer, failure ?? slow);
    }

    private JsonObject ListForms(string pageId, string[] fields)
    {
        var data = new JsonArray();
        foreach (var form in (_formsOfPage.TryGetValue(pageId, out var forms) ? forms.Values : []).OrderBy(f => f.Id, StringComparer.Ordinal))
        {
            var item = new JsonObject { ["id"] = form.Id };
            if (fields.Contains("name"))
            {
                item["name"] = form.Name;
            }

            if (fields.Contains("status"))
            {
                item["status"] = form.Status;
            }

            data.Add(item);
        }

        return new JsonObject { ["data"] = data };
    }

    private static (int, JsonObject, GraphSimulatedFailure?) ReadLead(SimulatedLead lead, string fields)
    {
        var answer = new JsonObject { ["id"] = lead.Id };
        foreach (var field in fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (field)
            {
                case "created_time":
                    answer[field] = lead.CreatedTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+0000";
                    break;
                case "form_id":
                    answer[field] = lead.FormId;
                    break;
                case "ad_id" when lead.AdId is not null:
                    answer[field] = lead.AdId;
                    break;
                case "is_organic":
                    answer[field] = lead.IsOrganic;
                    break;
                case "platform":
                    answer[field] = "fb";
                    break;
                case "field_data":
                    answer[field] = new JsonArray(lead.FieldData
                        .Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["values"] = new JsonArray(f.Values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()) })
                        .ToArray());
                    break;
            }
        }

        return (200, answer, null);
    }

    private sealed record SimulatedLead(string Id, string FormId, DateTimeOffset CreatedTime, IReadOnlyList<(string Name, string[] Values)> FieldData, string? AdId, bool IsOrganic);

    private sealed record SimulatedLeadForm(string Id, string Name, string Status);
}
