namespace DaprChannels.IntegrationAdmin.Apis;

/// <summary>
/// Operator control of platform-account claims: which integration app-level webhooks (<c>/webhooks/meta</c>,
/// <c>/webhooks/360dialog</c>) route an account to. An integration claims its account itself once a credential
/// test proves control; the operator can see who holds one, release it, or assign one the platform cannot prove.
/// </summary>
public static class AccountClaimsApi
{
    public static IEndpointRouteBuilder MapAccountClaimsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/account-claims/{platform}/{accountId}").WithTags("Account claims");
        group.MapGet("/", GetAsync).RequireOperator()
            .WithName("GetAccountClaim").WithSummary("Operator: which integration holds a platform account.");
        group.MapPut("/", AssignAsync).RequireOperator()
            .WithName("AssignAccountClaim")
            .WithSummary("Assigns an unclaimed account (operator)").WithDescription("Operator: gives an unclaimed account to the integration configured for it (for platforms whose credential test cannot prove the account, such as 360dialog).");
        group.MapDelete("/", ReleaseAsync).RequireOperator()
            .WithName("ReleaseAccountClaim").WithSummary("Operator: releases an account; the integration that held it becomes pending.");
        return app;
    }

    public sealed record AccountClaimView(string Platform, string AccountId, string IntegrationId);

    public sealed record AssignRequest(string? IntegrationId);

    public static async Task<Results<Ok<AccountClaimView>, ProblemHttpResult>> GetAsync(string platform, string accountId, IntegrationService integrations, CancellationToken ct) =>
        await integrations.ClaimHolderAsync(platform, accountId, ct) is { } holder
            ? TypedResults.Ok(new AccountClaimView(platform, accountId, holder))
            : NotClaimed();

    public static async Task<Results<Ok<AccountClaimView>, ValidationProblem, ProblemHttpResult>> AssignAsync(
        string platform, string accountId, AssignRequest request, IntegrationService integrations, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.IntegrationId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["integrationId"] = ["Required."] });
        }

        return await integrations.AssignClaimAsync(platform, accountId, request.IntegrationId, ct) switch
        {
            ClaimAssignment.Assigned => TypedResults.Ok(new AccountClaimView(platform, accountId, request.IntegrationId)),
            ClaimAssignment.HeldByAnother => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Account held",
                detail: "Another integration holds this account; release it first."),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown integration",
                detail: "No integration of this platform is configured for this account."),
        };
    }

    public static async Task<Results<Ok<AccountClaimView>, ProblemHttpResult>> ReleaseAsync(string platform, string accountId, IntegrationService integrations, CancellationToken ct) =>
        await integrations.ReleaseClaimAsync(platform, accountId, ct) is { } holder
            ? TypedResults.Ok(new AccountClaimView(platform, accountId, holder))
            : NotClaimed();

    private static ProblemHttpResult NotClaimed() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not claimed", detail: "No integration holds this account.");
}
