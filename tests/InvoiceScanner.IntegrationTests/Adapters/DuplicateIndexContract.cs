using InvoiceScanner.Core.Ports;
using InvoiceScanner.Storage.DynamoDb;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.IntegrationTests.Adapters;

/// <summary>
/// Duplicate lookups against DynamoDB Local and the in-memory fake: the first claim of a key wins and names its invoice;
/// a stale holder is replaced only when named; a release removes only the holder's own key; users never share keys.
/// </summary>
public abstract class DuplicateIndexContract
{
    protected abstract IDuplicateIndex Index { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _user = "user-" + Guid.NewGuid().ToString("N");
    private const string First = "01KBN0000000000000000000AA";
    private const string Second = "01KBN0000000000000000000BB";
    private const string Third = "01KBN0000000000000000000CC";
    private const string Key = "HASH#0123456789abcdef";

    [Fact]
    public async Task The_first_claim_wins_and_a_claim_again_by_its_holder_keeps_it()
    {
        Assert.Equal(First, await Index.ClaimAsync(_user, Key, First, null, Ct));
        Assert.Equal(First, await Index.ClaimAsync(_user, Key, Second, null, Ct));
        Assert.Equal(First, await Index.ClaimAsync(_user, Key, First, null, Ct));
        Assert.Equal(First, await Index.ClaimAsync(_user, Key, Second, Third, Ct)); // replaces only the holder it names
        Assert.Equal(Second, await Index.ClaimAsync("other-" + _user, Key, Second, null, Ct));
    }

    [Fact]
    public async Task A_named_stale_holder_is_replaced_and_a_release_removes_only_the_holders_key()
    {
        await Index.ClaimAsync(_user, Key, First, null, Ct);

        Assert.Equal(Second, await Index.ClaimAsync(_user, Key, Second, First, Ct));
        await Index.ReleaseAsync(_user, Key, First, Ct); // no longer First's: stays
        Assert.Equal(Second, await Index.ClaimAsync(_user, Key, Third, null, Ct));
        await Index.ReleaseAsync(_user, Key, Second, Ct);
        await Index.ReleaseAsync(_user, Key, Second, Ct); // again: nothing there, no error
        Assert.Equal(Third, await Index.ClaimAsync(_user, Key, Third, null, Ct));
    }
}

public sealed class DynamoDuplicateIndexContractTests(EmulatorsFixture emulators) : DuplicateIndexContract, IClassFixture<EmulatorsFixture>
{
    protected override IDuplicateIndex Index { get; } = new DynamoDuplicateIndex(emulators.DynamoDb, EmulatorsFixture.TableName);
}

public sealed class InMemoryDuplicateIndexContractTests : DuplicateIndexContract
{
    protected override IDuplicateIndex Index { get; } = new InMemoryDuplicateIndex();
}
