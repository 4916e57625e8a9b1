// Tenant Pilot on Azure: App Service (Linux, Node 20, at least two instances) running the bot in azure mode, Azure Bot
// with the Teams channel, Cosmos DB (serverless, Entra auth only), Key Vault (RBAC) for secrets, Application Insights,
// and one user-assigned managed identity that the app uses for everything (Cosmos data plane, Key Vault, and, with
// botAppType = 'UserAssignedMSI', as the bot's own identity).
//
// The Entra app registration for Teams SSO (api://botid-<id>, access_as_user, the Teams clients pre-authorized) is
// not in this file: Bicep cannot name an app's identifier URI after its own generated app id. The Microsoft 365 Agents
// Toolkit creates it (m365agents.yml: aadApp/create + aadApp/update with ../aad.manifest.json), or the commands in
// docs/deploy.md do; its id and secret come in as botAppId / botAppPassword (SingleTenant: one app for bot and SSO).
//
// Deploy: docs/deploy.md (step by step) or infra/README.md (the short version).

targetScope = 'resourceGroup'

@description('Short lowercase prefix for resource names (letters and digits).')
@minLength(3)
@maxLength(12)
param namePrefix string = 'tenantpilot'

@description('Region for everything except the Azure Bot (which is global).')
param location string = resourceGroup().location

@description('Bot identity: UserAssignedMSI (no secret; the managed identity below is the bot) or SingleTenant (an Entra app registration + client secret).')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param botAppType string = 'UserAssignedMSI'

@description('SingleTenant only: client id of the bot\'s Entra app registration.')
param botAppId string = ''

@description('SingleTenant only: a client secret of that app registration. Stored in Key Vault, never in app settings.')
@secure()
param botAppPassword string = ''

@description('App Service plan SKU (B1 is the smallest with Always On; B1 runs up to 3 instances, S1 up to 10).')
param appServiceSku string = 'B1'

@description('Instances of the web app (at least two: the bot is built for several instances on one Cosmos DB).')
@minValue(2)
param instanceCount int = 2

@description('Object id of the Entra group of Tenant Pilot admins (ADMIN_GROUP_ID): only its members may change anything. Empty: nobody may.')
param adminGroupId string = ''

@description('UserAssignedMSI only, optional: client id of a separate Entra app for Teams SSO (SSO_APP_ID). SingleTenant uses botAppId.')
param ssoAppId string = ''

@description('With ssoAppId: a client secret of that app. Stored in Key Vault, never in app settings.')
@secure()
param ssoClientSecret string = ''

@description('Azure Bot SKU: F0 (free, standard channels incl. Teams) or S1.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Cosmos DB database id (COSMOS_DATABASE).')
param cosmosDatabaseName string = 'tenantpilot'

var suffix = uniqueString(resourceGroup().id, namePrefix)
var names = {
  identity: '${namePrefix}-id-${suffix}'
  logs: '${namePrefix}-logs-${suffix}'
  insights: '${namePrefix}-ai-${suffix}'
  keyVault: take('${namePrefix}kv${suffix}', 24)
  cosmos: take('${namePrefix}-cosmos-${suffix}', 44)
  plan: '${namePrefix}-plan-${suffix}'
  web: '${namePrefix}-${suffix}'
  bot: '${namePrefix}-bot-${suffix}'
}
var isMsi = botAppType == 'UserAssignedMSI'
var hasSsoApp = !empty(ssoAppId) && !empty(ssoClientSecret)

// The containers of src/store/containers.ts (a test keeps both lists equal). The app cannot create them itself:
// with Entra auth, the Cosmos data plane may read and write items but not create databases or containers.
var containers = [
  { name: 'botstate', partitionKey: '/id' }
  { name: 'conversations', partitionKey: '/id' }
  { name: 'customers', partitionKey: '/tenantId' }
  { name: 'inventory', partitionKey: '/tenantId' }
  { name: 'syncRuns', partitionKey: '/tenantId' }
  { name: 'alerts', partitionKey: '/tenantId' }
  { name: 'leases', partitionKey: '/id' }
  { name: 'outbox', partitionKey: '/shard' }
  { name: 'secrets', partitionKey: '/id' }
  { name: 'settings', partitionKey: '/partnerTenantId' }
  { name: 'checks', partitionKey: '/tenantId' }
  { name: 'audit', partitionKey: '/month' }
]

// Built-in role ids. Key Vault Secrets Officer: read AND write secrets (the app stores the apps' keys and the service
// account's refresh token there), nothing else (no keys, certificates or access policies).
var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
var cosmosDataContributor = '00000000-0000-0000-0000-000000000002'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
}

resource logs 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: names.logs
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: names.insights
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'Node.JS'
    WorkspaceResourceId: logs.id
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: names.keyVault
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource botPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!isMsi && !empty(botAppPassword)) {
  parent: vault
  name: 'bot-app-password'
  properties: {
    value: botAppPassword
  }
}

resource ssoSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (hasSsoApp) {
  parent: vault
  name: 'sso-client-secret'
  properties: {
    value: ssoClientSecret
  }
}

resource vaultSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: names.cosmos
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      { locationName: location, failoverPriority: 0, isZoneRedundant: false }
    ]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    capabilities: [
      { name: 'EnableServerless' }
    ]
    disableLocalAuth: true
    minimalTlsVersion: 'Tls12'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: cosmos
  name: cosmosDatabaseName
  properties: {
    resource: { id: cosmosDatabaseName }
  }
}

resource cosmosContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = [for c in containers: {
  parent: database
  name: c.name
  properties: {
    resource: {
      id: c.name
      partitionKey: { paths: [ c.partitionKey ], kind: 'Hash' }
    }
  }
}]

resource cosmosDataRole 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: cosmos
  name: guid(cosmos.id, identity.id, cosmosDataContributor)
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${cosmosDataContributor}'
    principalId: identity.properties.principalId
    scope: cosmos.id
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: names.plan
  location: location
  kind: 'linux'
  sku: { name: appServiceSku, capacity: instanceCount }
  properties: {
    reserved: true
  }
}

var appSettings = concat([
  { name: 'TP_MODE', value: 'azure' }
  { name: 'MICROSOFT_APP_ID', value: isMsi ? identity.properties.clientId : botAppId }
  { name: 'MICROSOFT_APP_TYPE', value: botAppType }
  { name: 'MICROSOFT_APP_TENANT_ID', value: tenant().tenantId }
  { name: 'COSMOS_ENDPOINT', value: cosmos.properties.documentEndpoint }
  { name: 'COSMOS_DATABASE', value: cosmosDatabaseName }
  // DefaultAzureCredential picks this user-assigned identity (Cosmos without a key).
  { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
  // The secret store: Key Vault through the managed identity (read and write).
  { name: 'KEY_VAULT_URL', value: vault.properties.vaultUri }
  { name: 'LOG_LEVEL', value: 'info' }
  // Oryx installs the dependencies and runs `npm run build` (dist/) on deployment.
  { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'true' }
], isMsi ? [] : [
  // A Key Vault reference, resolved by App Service with the identity below; the secret never appears in settings.
  { name: 'MICROSOFT_APP_PASSWORD', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=bot-app-password)' }
], empty(adminGroupId) ? [] : [
  { name: 'ADMIN_GROUP_ID', value: adminGroupId }
], hasSsoApp ? [
  { name: 'SSO_APP_ID', value: ssoAppId }
  { name: 'SSO_CLIENT_SECRET', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=sso-client-secret)' }
] : [])

resource web 'Microsoft.Web/sites@2023-12-01' = {
  name: names.web
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // No ARR affinity cookie: any instance serves any turn (state in Cosmos DB, etag merges, leases).
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      appCommandLine: 'npm run start:azure'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // /readyz: an instance that cannot reach Cosmos DB leaves the load balancer's rotation (App Service never takes
      // out more than half of the instances, so the bot still answers "storage unavailable" in a full outage).
      healthCheckPath: '/readyz'
      appSettings: appSettings
    }
  }
  dependsOn: [
    vaultSecretsOfficer
    cosmosDataRole
  ]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: names.bot
  location: 'global'
  kind: 'azurebot'
  sku: { name: botSku }
  properties: {
    displayName: 'Tenant Pilot'
    endpoint: 'https://${web.properties.defaultHostName}/api/messages'
    msaAppType: botAppType
    msaAppId: isMsi ? identity.properties.clientId : botAppId
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: isMsi ? identity.id : null
    disableLocalAuth: false
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

@description('The bot\'s public host name: BOT_DOMAIN for npm run package:app.')
output botDomain string = web.properties.defaultHostName
@description('The bot\'s app id: MICROSOFT_APP_ID for npm run package:app.')
output botAppId string = isMsi ? identity.properties.clientId : botAppId
output webAppName string = web.name
output cosmosEndpoint string = cosmos.properties.documentEndpoint
output keyVaultName string = vault.name
// For the Microsoft 365 Agents Toolkit (m365agents.yml writes outputs to env/.env.<environment>).
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = web.id
output BOT_DOMAIN string = web.properties.defaultHostName
output BOT_ID string = isMsi ? identity.properties.clientId : botAppId
