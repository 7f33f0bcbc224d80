metadata description = 'Event Grid system topic of a storage account: the source of BlobCreated events for the intake blob trigger.'

@description('Name of the system topic.')
param name string

@description('Azure region (the storage account\'s).')
param location string

@description('Tags for the resource.')
param tags object = {}

@description('Resource id of the storage account whose events the topic carries.')
param storageAccountResourceId string

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storageAccountResourceId
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = topic.name
output resourceId string = topic.id
