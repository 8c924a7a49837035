namespace InvoiceScanner.EInvoices.Tests;

/// <summary>
/// One credit note, made by hand, in CII and in UBL: credits returned widgets (S 19 %) and an exempt fee (E), plus a
/// freight charge; states two payment means (a direct debit first, then the transfer to the seller's account), a
/// service period, the buyer's VAT id, references and a rounding amount.
/// </summary>
internal static class FieldSetSamples
{
    public const string Cii = """
        <rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
            xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
            xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
          <rsm:ExchangedDocumentContext>
            <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
          </rsm:ExchangedDocumentContext>
          <rsm:ExchangedDocument>
            <ram:ID>GS-7</ram:ID>
            <ram:TypeCode>381</ram:TypeCode>
            <ram:IssueDateTime><udt:DateTimeString format="102">20240315</udt:DateTimeString></ram:IssueDateTime>
            <ram:IncludedNote><ram:Content>Credit for returned goods.</ram:Content></ram:IncludedNote>
            <ram:IncludedNote><ram:Content>Thank you.</ram:Content><ram:SubjectCode>AAI</ram:SubjectCode></ram:IncludedNote>
          </rsm:ExchangedDocument>
          <rsm:SupplyChainTradeTransaction>
            <ram:IncludedSupplyChainTradeLineItem>
              <ram:AssociatedDocumentLineDocument>
                <ram:LineID>10</ram:LineID>
                <ram:IncludedNote><ram:Content>Returned unopened</ram:Content></ram:IncludedNote>
              </ram:AssociatedDocumentLineDocument>
              <ram:SpecifiedTradeProduct>
                <ram:SellerAssignedID>W-1</ram:SellerAssignedID><ram:BuyerAssignedID>B-77</ram:BuyerAssignedID><ram:Name>Widget</ram:Name>
              </ram:SpecifiedTradeProduct>
              <ram:SpecifiedLineTradeAgreement>
                <ram:GrossPriceProductTradePrice>
                  <ram:ChargeAmount>12.00</ram:ChargeAmount>
                  <ram:AppliedTradeAllowanceCharge>
                    <ram:ChargeIndicator><udt:Indicator>false</udt:Indicator></ram:ChargeIndicator><ram:ActualAmount>2.00</ram:ActualAmount>
                  </ram:AppliedTradeAllowanceCharge>
                </ram:GrossPriceProductTradePrice>
                <ram:NetPriceProductTradePrice><ram:ChargeAmount>10.00</ram:ChargeAmount></ram:NetPriceProductTradePrice>
              </ram:SpecifiedLineTradeAgreement>
              <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="H87">10</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
              <ram:SpecifiedLineTradeSettlement>
                <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:ApplicableTradeTax>
                <ram:BillingSpecifiedPeriod>
                  <ram:StartDateTime><udt:DateTimeString format="102">20240101</udt:DateTimeString></ram:StartDateTime>
                  <ram:EndDateTime><udt:DateTimeString format="102">20240131</udt:DateTimeString></ram:EndDateTime>
                </ram:BillingSpecifiedPeriod>
                <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>100.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
              </ram:SpecifiedLineTradeSettlement>
            </ram:IncludedSupplyChainTradeLineItem>
            <ram:IncludedSupplyChainTradeLineItem>
              <ram:AssociatedDocumentLineDocument><ram:LineID>20</ram:LineID></ram:AssociatedDocumentLineDocument>
              <ram:SpecifiedTradeProduct><ram:Name>Insurance fee</ram:Name></ram:SpecifiedTradeProduct>
              <ram:SpecifiedLineTradeAgreement>
                <ram:NetPriceProductTradePrice><ram:ChargeAmount>50.00</ram:ChargeAmount></ram:NetPriceProductTradePrice>
              </ram:SpecifiedLineTradeAgreement>
              <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">1</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
              <ram:SpecifiedLineTradeSettlement>
                <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>E</ram:CategoryCode><ram:RateApplicablePercent>0</ram:RateApplicablePercent></ram:ApplicableTradeTax>
                <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>50.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
              </ram:SpecifiedLineTradeSettlement>
            </ram:IncludedSupplyChainTradeLineItem>
            <ram:ApplicableHeaderTradeAgreement>
              <ram:BuyerReference>04011000-12345-34</ram:BuyerReference>
              <ram:SellerTradeParty>
                <ram:Name>Seller GmbH</ram:Name>
                <ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">HRB 12345</ram:ID><ram:TradingBusinessName>Seller Shop</ram:TradingBusinessName></ram:SpecifiedLegalOrganization>
                <ram:DefinedTradeContact>
                  <ram:PersonName>Eva Example</ram:PersonName>
                  <ram:EmailURIUniversalCommunication><ram:URIID>eva@seller.example</ram:URIID></ram:EmailURIUniversalCommunication>
                </ram:DefinedTradeContact>
                <ram:PostalTradeAddress><ram:CityName>Berlin</ram:CityName><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress>
                <ram:URIUniversalCommunication><ram:URIID schemeID="0088">4000001123452</ram:URIID></ram:URIUniversalCommunication>
                <ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">201/113/40209</ram:ID></ram:SpecifiedTaxRegistration>
                <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration>
              </ram:SellerTradeParty>
              <ram:BuyerTradeParty>
                <ram:Name>Buyer AG</ram:Name>
                <ram:DefinedTradeContact><ram:DepartmentName>Accounts payable</ram:DepartmentName></ram:DefinedTradeContact>
                <ram:PostalTradeAddress><ram:CityName>Wien</ram:CityName><ram:CountryID>AT</ram:CountryID></ram:PostalTradeAddress>
                <ram:URIUniversalCommunication><ram:URIID schemeID="EM">invoices@buyer.example</ram:URIID></ram:URIUniversalCommunication>
                <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">ATU12345678</ram:ID></ram:SpecifiedTaxRegistration>
              </ram:BuyerTradeParty>
              <ram:ContractReferencedDocument><ram:IssuerAssignedID>C-2024-1</ram:IssuerAssignedID></ram:ContractReferencedDocument>
              <ram:SpecifiedProcuringProject><ram:ID>P-9</ram:ID><ram:Name>Fit-out</ram:Name></ram:SpecifiedProcuringProject>
            </ram:ApplicableHeaderTradeAgreement>
            <ram:ApplicableHeaderTradeDelivery>
              <ram:ActualDeliverySupplyChainEvent>
                <ram:OccurrenceDateTime><udt:DateTimeString format="102">20240310</udt:DateTimeString></ram:OccurrenceDateTime>
              </ram:ActualDeliverySupplyChainEvent>
            </ram:ApplicableHeaderTradeDelivery>
            <ram:ApplicableHeaderTradeSettlement>
              <ram:PaymentReference>GS-7</ram:PaymentReference>
              <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
              <ram:SpecifiedTradeSettlementPaymentMeans>
                <ram:TypeCode>59</ram:TypeCode>
                <ram:PayerPartyDebtorFinancialAccount><ram:IBANID>AT611904300234573201</ram:IBANID></ram:PayerPartyDebtorFinancialAccount>
              </ram:SpecifiedTradeSettlementPaymentMeans>
              <ram:SpecifiedTradeSettlementPaymentMeans>
                <ram:TypeCode>58</ram:TypeCode>
                <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>DE02120300000000202051</ram:IBANID><ram:AccountName>Seller GmbH</ram:AccountName></ram:PayeePartyCreditorFinancialAccount>
                <ram:PayeeSpecifiedCreditorFinancialInstitution><ram:BICID>BYLADEM1001</ram:BICID></ram:PayeeSpecifiedCreditorFinancialInstitution>
              </ram:SpecifiedTradeSettlementPaymentMeans>
              <ram:ApplicableTradeTax>
                <ram:CalculatedAmount>20.90</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>110.00</ram:BasisAmount>
                <ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent>
              </ram:ApplicableTradeTax>
              <ram:ApplicableTradeTax>
                <ram:CalculatedAmount>0.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:ExemptionReason>Exempt: financial services</ram:ExemptionReason>
                <ram:BasisAmount>50.00</ram:BasisAmount><ram:CategoryCode>E</ram:CategoryCode><ram:ExemptionReasonCode>VATEX-EU-132-1I</ram:ExemptionReasonCode>
                <ram:RateApplicablePercent>0</ram:RateApplicablePercent>
              </ram:ApplicableTradeTax>
              <ram:BillingSpecifiedPeriod>
                <ram:StartDateTime><udt:DateTimeString format="102">20240101</udt:DateTimeString></ram:StartDateTime>
                <ram:EndDateTime><udt:DateTimeString format="102">20240131</udt:DateTimeString></ram:EndDateTime>
              </ram:BillingSpecifiedPeriod>
              <ram:SpecifiedTradeAllowanceCharge>
                <ram:ChargeIndicator><udt:Indicator>true</udt:Indicator></ram:ChargeIndicator>
                <ram:CalculationPercent>10</ram:CalculationPercent><ram:BasisAmount>100.00</ram:BasisAmount><ram:ActualAmount>10.00</ram:ActualAmount>
                <ram:ReasonCode>FC</ram:ReasonCode><ram:Reason>Freight</ram:Reason>
                <ram:CategoryTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:CategoryTradeTax>
              </ram:SpecifiedTradeAllowanceCharge>
              <ram:SpecifiedTradePaymentTerms><ram:DirectDebitMandateID>MANDATE-42</ram:DirectDebitMandateID></ram:SpecifiedTradePaymentTerms>
              <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
                <ram:LineTotalAmount>150.00</ram:LineTotalAmount><ram:ChargeTotalAmount>10.00</ram:ChargeTotalAmount>
                <ram:TaxBasisTotalAmount>160.00</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID="EUR">20.90</ram:TaxTotalAmount>
                <ram:RoundingAmount>0.10</ram:RoundingAmount><ram:GrandTotalAmount>180.90</ram:GrandTotalAmount><ram:DuePayableAmount>181.00</ram:DuePayableAmount>
              </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
              <ram:InvoiceReferencedDocument><ram:IssuerAssignedID>R-2024-100</ram:IssuerAssignedID></ram:InvoiceReferencedDocument>
            </ram:ApplicableHeaderTradeSettlement>
          </rsm:SupplyChainTradeTransaction>
        </rsm:CrossIndustryInvoice>
        """;

    public const string Ubl = """
        <CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
            xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
            xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
          <cbc:ID>GS-7</cbc:ID>
          <cbc:IssueDate>2024-03-15</cbc:IssueDate>
          <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>
          <cbc:Note>Credit for returned goods.</cbc:Note>
          <cbc:Note>#AAI#Thank you.</cbc:Note>
          <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
          <cbc:BuyerReference>04011000-12345-34</cbc:BuyerReference>
          <cac:InvoicePeriod><cbc:StartDate>2024-01-01</cbc:StartDate><cbc:EndDate>2024-01-31</cbc:EndDate></cac:InvoicePeriod>
          <cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>R-2024-100</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>
          <cac:ContractDocumentReference><cbc:ID>C-2024-1</cbc:ID></cac:ContractDocumentReference>
          <cac:AdditionalDocumentReference><cbc:ID>P-9</cbc:ID><cbc:DocumentTypeCode>50</cbc:DocumentTypeCode></cac:AdditionalDocumentReference>
          <cac:AccountingSupplierParty>
            <cac:Party>
              <cbc:EndpointID schemeID="0088">4000001123452</cbc:EndpointID>
              <cac:PartyName><cbc:Name>Seller Shop</cbc:Name></cac:PartyName>
              <cac:PostalAddress><cbc:CityName>Berlin</cbc:CityName><cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
              <cac:PartyTaxScheme><cbc:CompanyID>DE123456789</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
              <cac:PartyTaxScheme><cbc:CompanyID>201/113/40209</cbc:CompanyID><cac:TaxScheme><cbc:ID>FC</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
              <cac:PartyLegalEntity><cbc:RegistrationName>Seller GmbH</cbc:RegistrationName><cbc:CompanyID schemeID="0002">HRB 12345</cbc:CompanyID></cac:PartyLegalEntity>
              <cac:Contact><cbc:Name>Eva Example</cbc:Name><cbc:ElectronicMail>eva@seller.example</cbc:ElectronicMail></cac:Contact>
            </cac:Party>
          </cac:AccountingSupplierParty>
          <cac:AccountingCustomerParty>
            <cac:Party>
              <cbc:EndpointID schemeID="EM">invoices@buyer.example</cbc:EndpointID>
              <cac:PostalAddress><cbc:CityName>Wien</cbc:CityName><cac:Country><cbc:IdentificationCode>AT</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
              <cac:PartyTaxScheme><cbc:CompanyID>ATU12345678</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
              <cac:PartyLegalEntity><cbc:RegistrationName>Buyer AG</cbc:RegistrationName></cac:PartyLegalEntity>
              <cac:Contact><cbc:Name>Accounts payable</cbc:Name></cac:Contact>
            </cac:Party>
          </cac:AccountingCustomerParty>
          <cac:Delivery><cbc:ActualDeliveryDate>2024-03-10</cbc:ActualDeliveryDate></cac:Delivery>
          <cac:PaymentMeans>
            <cbc:PaymentMeansCode>59</cbc:PaymentMeansCode>
            <cac:PaymentMandate><cbc:ID>MANDATE-42</cbc:ID><cac:PayerFinancialAccount><cbc:ID>AT611904300234573201</cbc:ID></cac:PayerFinancialAccount></cac:PaymentMandate>
          </cac:PaymentMeans>
          <cac:PaymentMeans>
            <cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
            <cbc:PaymentID>GS-7</cbc:PaymentID>
            <cac:PayeeFinancialAccount>
              <cbc:ID>DE02120300000000202051</cbc:ID><cbc:Name>Seller GmbH</cbc:Name>
              <cac:FinancialInstitutionBranch><cbc:ID>BYLADEM1001</cbc:ID></cac:FinancialInstitutionBranch>
            </cac:PayeeFinancialAccount>
          </cac:PaymentMeans>
          <cac:AllowanceCharge>
            <cbc:ChargeIndicator>true</cbc:ChargeIndicator>
            <cbc:AllowanceChargeReasonCode>FC</cbc:AllowanceChargeReasonCode><cbc:AllowanceChargeReason>Freight</cbc:AllowanceChargeReason>
            <cbc:MultiplierFactorNumeric>10</cbc:MultiplierFactorNumeric>
            <cbc:Amount currencyID="EUR">10.00</cbc:Amount><cbc:BaseAmount currencyID="EUR">100.00</cbc:BaseAmount>
            <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>
          </cac:AllowanceCharge>
          <cac:TaxTotal>
            <cbc:TaxAmount currencyID="EUR">20.90</cbc:TaxAmount>
            <cac:TaxSubtotal>
              <cbc:TaxableAmount currencyID="EUR">110.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">20.90</cbc:TaxAmount>
              <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>
            </cac:TaxSubtotal>
            <cac:TaxSubtotal>
              <cbc:TaxableAmount currencyID="EUR">50.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">0.00</cbc:TaxAmount>
              <cac:TaxCategory>
                <cbc:ID>E</cbc:ID><cbc:Percent>0</cbc:Percent>
                <cbc:TaxExemptionReasonCode>VATEX-EU-132-1I</cbc:TaxExemptionReasonCode><cbc:TaxExemptionReason>Exempt: financial services</cbc:TaxExemptionReason>
                <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
              </cac:TaxCategory>
            </cac:TaxSubtotal>
          </cac:TaxTotal>
          <cac:LegalMonetaryTotal>
            <cbc:LineExtensionAmount currencyID="EUR">150.00</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="EUR">160.00</cbc:TaxExclusiveAmount>
            <cbc:TaxInclusiveAmount currencyID="EUR">180.90</cbc:TaxInclusiveAmount><cbc:ChargeTotalAmount currencyID="EUR">10.00</cbc:ChargeTotalAmount>
            <cbc:PayableRoundingAmount currencyID="EUR">0.10</cbc:PayableRoundingAmount><cbc:PayableAmount currencyID="EUR">181.00</cbc:PayableAmount>
          </cac:LegalMonetaryTotal>
          <cac:CreditNoteLine>
            <cbc:ID>10</cbc:ID>
            <cbc:Note>Returned unopened</cbc:Note>
            <cbc:CreditedQuantity unitCode="H87">10</cbc:CreditedQuantity>
            <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
            <cac:InvoicePeriod><cbc:StartDate>2024-01-01</cbc:StartDate><cbc:EndDate>2024-01-31</cbc:EndDate></cac:InvoicePeriod>
            <cac:Item>
              <cbc:Name>Widget</cbc:Name>
              <cac:BuyersItemIdentification><cbc:ID>B-77</cbc:ID></cac:BuyersItemIdentification>
              <cac:SellersItemIdentification><cbc:ID>W-1</cbc:ID></cac:SellersItemIdentification>
              <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>
            </cac:Item>
            <cac:Price>
              <cbc:PriceAmount currencyID="EUR">10.00</cbc:PriceAmount>
              <cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:Amount currencyID="EUR">2.00</cbc:Amount></cac:AllowanceCharge>
            </cac:Price>
          </cac:CreditNoteLine>
          <cac:CreditNoteLine>
            <cbc:ID>20</cbc:ID>
            <cbc:CreditedQuantity unitCode="C62">1</cbc:CreditedQuantity>
            <cbc:LineExtensionAmount currencyID="EUR">50.00</cbc:LineExtensionAmount>
            <cac:Item>
              <cbc:Name>Insurance fee</cbc:Name>
              <cac:ClassifiedTaxCategory><cbc:ID>E</cbc:ID><cbc:Percent>0</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>
            </cac:Item>
            <cac:Price><cbc:PriceAmount currencyID="EUR">50.00</cbc:PriceAmount></cac:Price>
          </cac:CreditNoteLine>
        </CreditNote>
        """;
}
