metadata description = 'Service Bus namespace (Standard, Entra auth only) with the reminders queue.'

@description('Name of the namespace.')
param name string

@description('Azure region.')
param location string

@description('Tags for the resource.')
param tags object = {}

@description('Name of the queue the deadline sweep sends reminders to.')
param reminderQueueName string = 'reminders'

@description('Deliveries before a reminder goes to the dead-letter queue; the app reads the same number.')
@minValue(1)
param reminderMaxDeliveryCount int = 5

@description('How long a MessageId is remembered so a repeated reminder is dropped (ISO 8601, at most P7D).')
param duplicateDetectionHistoryTimeWindow string = 'P7D'

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource reminderQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: reminderQueueName
  properties: {
    // The sweep derives MessageId from communication + reminder kind, so a repeat within the window is dropped.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionHistoryTimeWindow
    deadLetteringOnMessageExpiration: true
    maxDeliveryCount: reminderMaxDeliveryCount
    lockDuration: 'PT1M'
    defaultMessageTimeToLive: 'P60D'
  }
}

output name string = namespace.name
output resourceId string = namespace.id
// serviceBusEndpoint is https://<name>.servicebus.windows.net:443/ in whichever cloud this runs.
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]
output reminderQueueName string = reminderQueue.name
output reminderQueueResourceId string = reminderQueue.id
