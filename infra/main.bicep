targetScope = 'subscription'

metadata description = 'ResponsePortal: everything azd provisions. No keys: every connection uses the user-assigned identity and Azure RBAC.'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; part of every resource name.')
param environmentName string

@minLength(1)
@description('Primary region for all resources (must offer Flex Consumption).')
param location string

@description('Region of the Static Web App (offered in a few regions only).')
@allowed([
  'centralus'
  'eastus2'
  'eastasia'
  'westeurope'
  'westus2'
])
param staticWebAppLocation string = 'westeurope'

@description('Principal id of the person running azd (AZURE_PRINCIPAL_ID); gets data roles to set secrets and seed data.')
param principalId string = ''

@description('Type of that principal.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

// Optional name overrides; empty means '<abbreviation><resourceToken>'.
param resourceGroupName string = ''
param storageAccountName string = ''
param serviceBusNamespaceName string = ''
param functionAppName string = ''
param functionPlanName string = ''
param identityName string = ''
param staticWebAppName string = ''
param logAnalyticsName string = ''
param applicationInsightsName string = ''
param keyVaultName string = ''
param actionGroupName string = ''
param intakeSystemTopicName string = ''

@maxLength(6)
@description('Part of the Key Vault name that changes after `azd down`: a deleted vault stays reserved (purge protection) for 90 days, so the next `azd up` in the same environment needs a new name. Empty for the first deployment; the postdown hook sets a new KEY_VAULT_INSTANCE.')
param keyVaultInstance string = ''

@minLength(3)
@description('E-mail address that receives the alerts (dead-lettered reminders, poisoned publish jobs, a stalled sweep, server errors).')
param alertEmailAddress string

@description('Entra ID sign-in authority.')
param entraInstance string = environment().authentication.loginEndpoint

@description('Tenant of the API app registration; empty means the tenant of this subscription.')
param entraTenantId string = ''

@minLength(1)
@description('Application (client) id of the API app registration (docs/entra-app.md).')
param entraApiClientId string

@description('Audience the API accepts; empty means api://<entraApiClientId>.')
param entraAudience string = ''

@description('Time zone of the secretariat: reply windows close at the end of the last day here.')
param portalTimeZone string = 'Europe/Zurich'

@description('Calendar days an addressee has to reply unless a communication says otherwise.')
@minValue(1)
param defaultReplyWindowDays int = 60

@description('Days before the window closes at which reminders go out.')
param reminderOffsetsDays string = '30,14,7,1'

@description('Deliveries of a reminder before it is dead-lettered; the queue and the app read this same value.')
@minValue(1)
@maxValue(2000)
param reminderMaxDeliveryCount int = 5

@description('Largest file of a reply, in bytes (answered with 413 above it).')
@minValue(1)
param replyMaxFileBytes int = 104857600

@description('Most files in one reply.')
@minValue(1)
@maxValue(1000)
param replyMaxFiles int = 20

@description('Storage calls a publication or a site rebuild keeps in flight at once (docs/adr/0901-publishing-speed.md).')
@minValue(1)
@maxValue(256)
param publicationStorageConcurrency int = 16

@description('Largest reply (all files together), in bytes.')
@minValue(1)
param replyMaxReplyBytes int = 524288000

@description('Largest reply sent in one multipart request, in bytes: one request must end within the 230 s HTTP limit; larger replies use upload sessions (docs/replies.md). The host request limit is set a little above it.')
@minValue(1)
param replyMaxStreamedReplyBytes int = 104857600

@description('SMTP relay host for reminders and receipts.')
param smtpHost string

@description('SMTP port.')
param smtpPort int = 587

@description('Sender address of mail from the portal.')
param smtpFrom string

@description('The secretariat\'s mailbox: a mail for each reply (marked when late) and the weekly digest. Empty: those mails are not sent.')
// Not named after the secretariat: the linter takes any parameter name containing "secret" for a secret.
param notificationMailbox string = ''

@description('The language of the mails to notificationMailbox (each reply, the weekly digest).')
@allowed(['en', 'fr', 'es'])
param notificationLanguage string = 'en'

@description('When the weekly digest goes to the secretariat (NCRONTAB, UTC).')
param weeklyDigestSchedule string = '0 0 6 * * 1'

@description('Days each stored reply is protected from change and deletion (WORM); 0 for no immutability policy. Can only be switched on for a new replies container.')
@minValue(0)
param replyImmutabilityDays int = 0

@description('Route /api on the static web app to the function app. Off by default: the Static Web Apps proxy replaces the Authorization header the API validates (docs/adr/0002-infrastructure.md).')
param linkApiToStaticWebApp bool = false

@description('Put an Azure Front Door Standard profile in front of the public site: HTTPS, the security headers of site-headers.json and caching that honours each blob\'s Cache-Control (docs/security-headers.md). Off by default; when on, the site\'s links and PUBLIC_SITE_URL use the Front Door endpoint.')
param enableFrontDoor bool = false

param frontDoorProfileName string = ''

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

var storageAccountFullName = !empty(storageAccountName) ? storageAccountName : '${abbrs.storageStorageAccounts}${resourceToken}'

var names = {
  storageAccount: storageAccountFullName
  serviceBus: !empty(serviceBusNamespaceName) ? serviceBusNamespaceName : '${abbrs.serviceBusNamespaces}${resourceToken}'
  functionApp: !empty(functionAppName) ? functionAppName : '${abbrs.webSitesFunctions}${resourceToken}'
  functionPlan: !empty(functionPlanName) ? functionPlanName : '${abbrs.webServerFarms}${resourceToken}'
  identity: !empty(identityName) ? identityName : '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
  staticWebApp: !empty(staticWebAppName) ? staticWebAppName : '${abbrs.webStaticSites}${resourceToken}'
  logAnalytics: !empty(logAnalyticsName) ? logAnalyticsName : '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
  applicationInsights: !empty(applicationInsightsName) ? applicationInsightsName : '${abbrs.insightsComponents}${resourceToken}'
  // kv- + 13 + - + 6 = 23 characters at most (the limit is 24).
  keyVault: !empty(keyVaultName) ? keyVaultName : join(filter(['${abbrs.keyVaultVaults}${resourceToken}', keyVaultInstance], part => !empty(part)), '-')
  frontDoor: !empty(frontDoorProfileName) ? frontDoorProfileName : '${abbrs.cdnProfiles}${resourceToken}'
  frontDoorEndpoint: '${abbrs.cdnProfilesEndpoints}${resourceToken}'
  actionGroup: !empty(actionGroupName) ? actionGroupName : '${abbrs.insightsActionGroups}${resourceToken}'
  // The name the postdeploy hook gave the topic before it was declared here, so existing environments adopt theirs
  // (a storage account has at most one system topic).
  intakeSystemTopic: !empty(intakeSystemTopicName) ? intakeSystemTopicName : '${abbrs.eventGridSystemTopics}intake-${storageAccountFullName}'
}

var deploymentContainerName = 'deployments'
var reminderQueueName = 'reminders'

// Secret names in Key Vault: the postprovision hook creates the signing key, an operator the SMTP password (docs/deploy.md).
var receiptSigningKeySecretName = 'receipt-signing-key'
var smtpPasswordSecretName = 'smtp-password'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module storage 'modules/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: names.storageAccount
    location: location
    tags: tags
    // Exactly the storage the code declares (each feature's StorageResources): the infra tests compare the two,
    // and nothing in the function app creates storage at run time. `$web` comes from the static website (hook).
    containerNames: [
      // Communications and intake
      'letters'
      'incoming'
      'incoming-rejected'
      'incoming-processed'
      // Replies, and the staging blobs of direct uploads until they are finalized (ADR 0104)
      'replies'
      'reply-uploads'
      // Publication: the blob whose lease lets one publisher run at a time
      'publication-locks'
      // Flex Consumption reads the app package from here
      deploymentContainerName
    ]
    tableNames: [
      // Communications, addressees, cases and the audit trail
      'Communications'
      'CommunicationSlugs'
      'Deadlines'
      'Addressees'
      'Contacts'
      'Members'
      'Memberships'
      'Cases'
      'Mandates'
      'Events'
      // Replies
      'Replies'
      'ReplyConfidentialityDecisions'
      'ReplyIdempotencyKeys'
      'ReplyUploads'
      'ReplyUploadSessions'
      // Reminders and deadlines
      'ReminderSchedule'
      'SweepCheckpoints'
      'ReminderLog'
      'Notices'
      'CalendarFeeds'
      // Publication: the log, and publications that failed until they succeed (monitoring)
      'PublicationLog'
      'PublicationFailures'
      // Reports to the Human Rights Council: the periods, and letters and replies by day (docs/reports.md)
      'ReportingPeriods'
      'ReportIndex'
    ]
    queueNames: [
      // Publication jobs; the Functions host moves a job that failed maxDequeueCount times to publish-poison.
      'publish'
      'publish-poison'
    ]
    immutableContainerName: 'replies'
    immutabilityPeriodDays: replyImmutabilityDays
    // Direct uploads (ADR 0104): the portal's pages write blocks through a SAS; unfinished ones expire.
    blobCorsAllowedOrigins: [
      portalBaseUrl
    ]
    stagingContainerName: 'reply-uploads'
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  name: 'service-bus'
  scope: rg
  params: {
    name: names.serviceBus
    location: location
    tags: tags
    reminderQueueName: reminderQueueName
    reminderMaxDeliveryCount: reminderMaxDeliveryCount
  }
}

module logAnalytics 'modules/log-analytics-workspace.bicep' = {
  name: 'log-analytics'
  scope: rg
  params: {
    name: names.logAnalytics
    location: location
    tags: tags
  }
}

module applicationInsights 'modules/application-insights.bicep' = {
  name: 'application-insights'
  scope: rg
  params: {
    name: names.applicationInsights
    location: location
    tags: tags
    workspaceResourceId: logAnalytics.outputs.resourceId
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: tags
  }
}

module staticWebApp 'modules/static-web-app.bicep' = {
  name: 'static-web-app'
  scope: rg
  params: {
    name: names.staticWebApp
    location: staticWebAppLocation
    tags: union(tags, { 'azd-service-name': 'web' })
  }
}

var portalBaseUrl = 'https://${staticWebApp.outputs.defaultHostName}'
// The endpoint is https://<host>/; the app wants it without the trailing slash.
var staticWebsiteHostName = split(storage.outputs.staticWebsiteEndpoint, '/')[2]

module frontDoor 'modules/front-door.bicep' = if (enableFrontDoor) {
  name: 'front-door'
  scope: rg
  params: {
    name: names.frontDoor
    endpointName: names.frontDoorEndpoint
    tags: tags
    originHostName: staticWebsiteHostName
  }
}

// With Front Door the site is read through it: its pages' links, the feeds and the portal's link point there.
var publicSiteBaseUrl = enableFrontDoor ? 'https://${frontDoor!.outputs.endpointHostName}' : 'https://${staticWebsiteHostName}'

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: names.functionApp
    location: location
    tags: tags
    serviceName: 'api'
    planName: names.functionPlan
    identityResourceId: identity.outputs.resourceId
    deploymentContainerUrl: '${storage.outputs.blobEndpoint}${deploymentContainerName}'
    allowedOrigins: [
      portalBaseUrl
    ]
    appSettings: {
      // Host and app storage through the identity, at the account's own endpoints (any Azure cloud);
      // Flex Consumption sets the worker runtime itself.
      AzureWebJobsStorage__blobServiceUri: storage.outputs.blobEndpoint
      AzureWebJobsStorage__queueServiceUri: storage.outputs.queueEndpoint
      AzureWebJobsStorage__tableServiceUri: storage.outputs.tableEndpoint
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.outputs.clientId
      ServiceBus__fullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
      ServiceBus__credential: 'managedidentity'
      ServiceBus__clientId: identity.outputs.clientId
      // DefaultAzureCredential in the app picks the user-assigned identity from this.
      AZURE_CLIENT_ID: identity.outputs.clientId
      AzureAd__Instance: entraInstance
      AzureAd__TenantId: !empty(entraTenantId) ? entraTenantId : tenant().tenantId
      AzureAd__ClientId: entraApiClientId
      AzureAd__Audience: !empty(entraAudience) ? entraAudience : 'api://${entraApiClientId}'
      Portal__TimeZone: portalTimeZone
      Portal__DefaultReplyWindowDays: defaultReplyWindowDays
      Portal__PortalBaseUrl: portalBaseUrl
      Portal__PublicSiteBaseUrl: publicSiteBaseUrl
      Publication__StorageConcurrency: publicationStorageConcurrency
      Reminders__Transport: 'ServiceBus'
      Reminders__QueueName: serviceBus.outputs.reminderQueueName
      Reminders__OffsetsDays: reminderOffsetsDays
      Reminders__MaxDeliveryCount: reminderMaxDeliveryCount
      ReminderSweepSchedule: '0 */15 * * * *'
      ReminderDeliverySchedule: '0 * * * * *'
      Reminders__SecretariatMailbox: notificationMailbox
      Reminders__SecretariatLanguage: notificationLanguage
      WeeklyDigestSchedule: weeklyDigestSchedule
      Smtp__Host: smtpHost
      Smtp__Port: smtpPort
      Smtp__From: smtpFrom
      Smtp__Password: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.uri}secrets/${smtpPasswordSecretName})'
      Replies__MaxFileBytes: replyMaxFileBytes
      Replies__MaxFiles: replyMaxFiles
      Replies__MaxReplyBytes: replyMaxReplyBytes
      Replies__MaxStreamedReplyBytes: replyMaxStreamedReplyBytes
      // Only a multipart reply is a large body (up to the streamed ceiling, multipart overhead allowed for); direct uploads go to storage.
      FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: replyMaxStreamedReplyBytes + 8388608
      Receipts__SigningKeyPem: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.uri}secrets/${receiptSigningKeySecretName})'
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.outputs.connectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
    }
  }
}

// Intake packages reach the IntakePackage blob trigger through Event Grid (Flex Consumption does not poll
// containers). The topic is declared here; its webhook subscription needs the deployed code's key, so the
// postdeploy hook makes it (infra/scripts/subscribe-intake.sh).
module intakeEvents 'modules/storage-system-topic.bicep' = {
  name: 'intake-events'
  scope: rg
  params: {
    name: names.intakeSystemTopic
    location: location
    tags: tags
    storageAccountResourceId: storage.outputs.resourceId
  }
}

module diagnostics 'modules/diagnostics.bicep' = {
  name: 'diagnostics'
  scope: rg
  params: {
    workspaceResourceId: logAnalytics.outputs.resourceId
    storageAccountName: names.storageAccount
    serviceBusNamespaceName: names.serviceBus
    keyVaultName: names.keyVault
    functionAppName: names.functionApp
  }
  // Names are passed (known when the deployment starts) for precise what-if; hence explicit order.
  dependsOn: [
    storage
    serviceBus
    keyVault
    functionApp
  ]
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    name: names.actionGroup
    location: location
    tags: tags
    alertEmailAddress: alertEmailAddress
    applicationInsightsResourceId: applicationInsights.outputs.resourceId
  }
}

module staticWebAppBackend 'modules/static-web-app-linked-backend.bicep' = if (linkApiToStaticWebApp) {
  name: 'static-web-app-backend'
  scope: rg
  params: {
    staticWebAppName: names.staticWebApp
    backendResourceId: functionApp.outputs.resourceId
    backendLocation: location
  }
  // The static web app exists by then: the function app's settings already wait for its host name.
}

module rbac 'rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: names.storageAccount
    serviceBusNamespaceName: names.serviceBus
    reminderQueueName: reminderQueueName
    keyVaultName: names.keyVault
    applicationInsightsName: names.applicationInsights
    appIdentityName: names.identity
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
  // Names are passed (known when the deployment starts) so role assignment names are stable; hence explicit order.
  dependsOn: [
    identity
    storage
    serviceBus
    keyVault
    applicationInsights
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_SERVICEBUS_NAMESPACE string = serviceBus.outputs.name
output AZURE_SERVICEBUS_FULLY_QUALIFIED_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output AZURE_STATIC_WEB_APP_NAME string = staticWebApp.outputs.name
output AZURE_STATIC_WEB_APP_URL string = portalBaseUrl
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_ENTRA_API_CLIENT_ID string = entraApiClientId
output PUBLIC_SITE_URL string = publicSiteBaseUrl
output RECEIPT_SIGNING_KEY_SECRET_NAME string = receiptSigningKeySecretName
output AZURE_INTAKE_SYSTEM_TOPIC_NAME string = intakeEvents.outputs.name
output AZURE_ACTION_GROUP_NAME string = alerts.outputs.name
