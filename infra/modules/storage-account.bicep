metadata description = 'Storage account for records (tables), documents (private containers), queues and the public site ($web). Entra auth only: shared keys are off.'

@description('Name of the account (3-24 lowercase letters and digits).')
param name string

@description('Azure region.')
param location string

@description('Tags for the resource.')
param tags object = {}

@description('Replication.')
param skuName string = 'Standard_LRS'

@description('Private blob containers to create.')
param containerNames string[]

@description('Tables to create.')
param tableNames string[]

@description('Queues to create.')
param queueNames string[]

@description('Days a deleted blob, version or container stays recoverable.')
@minValue(1)
@maxValue(365)
param deleteRetentionDays int = 30

@description('Container whose blobs get a time-based immutability (WORM) policy; empty for none.')
param immutableContainerName string = ''

@description('Days each blob in the immutable container is protected from change and deletion; 0 for no policy.')
@minValue(0)
param immutabilityPeriodDays int = 0

// Direct uploads (ADR 0104): browsers of the portal's origin write blocks to a staging container through a SAS.
@description('Origins whose browsers may call the blob endpoint (CORS): the portal only. Empty for no CORS rule.')
param blobCorsAllowedOrigins string[] = []

@description('Container of short-lived staging blobs (direct uploads) that a lifecycle rule deletes; empty for none.')
param stagingContainerName string = ''

@description('Days after their last change that staging blobs (and their earlier versions) are deleted.')
@minValue(1)
@maxValue(7)
param stagingRetentionDays int = 1

var hasImmutabilityPolicy = !empty(immutableContainerName) && immutabilityPeriodDays > 0

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    // The public site is served by the static website endpoint, which needs no anonymous blob access.
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: deleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: deleteRetentionDays
    }
    // Put Block, Put Block List and the preflight from the portal's pages; reads stay behind the API.
    cors: {
      corsRules: empty(blobCorsAllowedOrigins) ? [] : [
        {
          allowedOrigins: blobCorsAllowedOrigins
          allowedMethods: [
            'PUT'
            'GET'
            'OPTIONS'
          ]
          allowedHeaders: [
            'content-type'
            'x-ms-*'
          ]
          exposedHeaders: [
            'x-ms-*'
            'etag'
          ]
          maxAgeInSeconds: 3600
        }
      ]
    }
  }
}

// An upload that is never finalized leaves a staging blob (uncommitted blocks the service drops by itself after
// 7 days; a committed blob, and with versioning its earlier versions, stay): this rule deletes them.
resource stagingLifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2024-01-01' = if (!empty(stagingContainerName)) {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-staged-uploads'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${stagingContainerName}/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: stagingRetentionDays
                }
              }
              version: {
                delete: {
                  daysAfterCreationGreaterThan: stagingRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [
    containers
  ]
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
      // Version-level WORM can only be switched on when the container is created.
      immutableStorageWithVersioning: hasImmutabilityPolicy && containerName == immutableContainerName
        ? { enabled: true }
        : null
    }
  }
]

resource immutableContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' existing = if (hasImmutabilityPolicy) {
  parent: blobService
  name: hasImmutabilityPolicy ? immutableContainerName : 'none'
}

resource immutabilityPolicy 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2024-01-01' = if (hasImmutabilityPolicy) {
  parent: immutableContainer
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: immutabilityPeriodDays
    allowProtectedAppendWrites: false
  }
  dependsOn: [
    containers
  ]
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2024-01-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

output name string = account.name
output resourceId string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
// The static website endpoint exists once the postprovision hook has switched the feature on.
output staticWebsiteEndpoint string = account.properties.primaryEndpoints.web
