using InvoiceScanner.Core.Memory;
using InvoiceScanner.Storage.DynamoDb;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.IntegrationTests.Adapters;

/// <summary>Vendor memory against DynamoDB Local and the in-memory fake: found by any of its keys, only by its owner.</summary>
public abstract class VendorMemoryContract
{
    protected abstract IVendorMemoryStore Store { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _user = "user-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_memory_is_found_by_any_of_its_keys_by_its_owner_only_and_replaced_by_a_newer_one()
    {
        var at = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
        var memory = new VendorMemory(_user, "vat:de123456789", "01KBN0000000000000000000AA", "ocr/u/01KBN0000000000000000000AA.json", at)
        {
            VendorName = "Nordwind Papier GmbH",
            Currency = "EUR",
            Fields = new Dictionary<string, string> { ["invoiceNumber"] = "\"RE-1\"", ["total"] = "119" },
            Keys = ["vat:de123456789", "name:nordwindpapiergmbh"],
        };
        await Store.SaveAsync(memory, Ct);

        var byName = await Store.FindAsync(_user, ["iban:de89370400440532013000", "name:nordwindpapiergmbh"], Ct);
        var byStranger = await Store.FindAsync("other-" + _user, memory.Keys, Ct);
        await Store.SaveAsync(memory with { Approvals = 2, VendorName = "Nordwind Papier" }, Ct);
        var newer = await Store.FindAsync(_user, ["vat:de123456789"], Ct);

        Assert.NotNull(byName);
        Assert.Equal(("Nordwind Papier GmbH", "119", 1), (byName.VendorName, byName.Fields["total"], byName.Approvals));
        Assert.Null(byStranger);
        Assert.Equal(("Nordwind Papier", 2), (newer!.VendorName, newer.Approvals));
        Assert.Null(await Store.FindAsync(_user, ["vat:unknown"], Ct));
    }
}

public sealed class DynamoVendorMemoryContractTests(EmulatorsFixture emulators) : VendorMemoryContract, IClassFixture<EmulatorsFixture>
{
    protected override IVendorMemoryStore Store { get; } = new DynamoVendorMemoryStore(emulators.DynamoDb, EmulatorsFixture.TableName);
}

public sealed class InMemoryVendorMemoryContractTests : VendorMemoryContract
{
    protected override IVendorMemoryStore Store { get; } = new InMemoryVendorMemoryStore();
}
