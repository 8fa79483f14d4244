// Event service (ONVIF Core 9, ver10/events) with PullPoint subscriptions: CreatePullPointSubscription answers a
// subscription address on this camera; PullMessages, Renew and Unsubscribe are posted to that address.
import { NS, SUBSCRIPTION_PATH, TOPIC_DIALECT } from './onvif.namespaces';
import type { NotificationMessage } from './pull-point.subscriptions';
import { topicFilter } from './pull-point.subscriptions';
import { invalidArgument, type SoapFault } from './soap.envelope';
import { table, type Operation, type OperationContext, type OperationTable } from './soap.operation';
import { parseTerminationTime, parseXsDuration } from './xs-duration.parser';
import { childNamed, childText, escapeXml } from './xml.parser';

/** Used when a client asks for no termination time, and as the cap on what it may ask for. */
const DEFAULT_TERMINATION_MS = 60_000;
const MAX_TERMINATION_MS = 24 * 3600_000;
/** ONVIF clients must be served pulls of up to a minute; longer waits are cut to this. */
const MAX_PULL_TIMEOUT_MS = 120_000;

const NO_SUBSCRIPTION: SoapFault = {
  code: 'Sender',
  subcodes: ['ter:InvalidArgVal', 'ter:ResourceUnknownFault'],
  reason: 'no such subscription (expired, unsubscribed or dropped by a reboot)',
};

const simpleItems = (items: NotificationMessage['source']): string =>
  items.map(([name, value]) => `<tt:SimpleItem Name="${escapeXml(name)}" Value="${escapeXml(value)}"/>`).join('');

export const notificationXml = (message: NotificationMessage): string =>
  `<wsnt:NotificationMessage><wsnt:Topic Dialect="${TOPIC_DIALECT}">${message.topic}</wsnt:Topic>` +
  `<wsnt:Message><tt:Message UtcTime="${message.utcTime.toISOString()}" PropertyOperation="${message.operation}">` +
  `<tt:Source>${simpleItems(message.source)}</tt:Source><tt:Data>${simpleItems(message.data)}</tt:Data>` +
  '</tt:Message></wsnt:Message></wsnt:NotificationMessage>';

const times = (now: Date, termination: Date): string =>
  `<wsnt:CurrentTime>${now.toISOString()}</wsnt:CurrentTime>` +
  `<wsnt:TerminationTime>${termination.toISOString()}</wsnt:TerminationTime>`;

/** The requested termination time, defaulted and capped. */
const terminationTime = (requested: string | undefined, now: Date): Date | undefined => {
  if (requested === undefined || requested === '') {
    return new Date(now.getTime() + DEFAULT_TERMINATION_MS);
  }
  const parsed = parseTerminationTime(requested, now);
  if (!parsed || parsed.getTime() <= now.getTime()) {
    return undefined;
  }
  return new Date(Math.min(parsed.getTime(), now.getTime() + MAX_TERMINATION_MS));
};

const INVALID_TERMINATION = { fault: invalidArgument('InvalidArgs', 'unacceptable termination time') };

const topicDescription = (source: string, data: string): string =>
  `<tt:MessageDescription IsProperty="true"><tt:Source>${source}</tt:Source><tt:Data>${data}</tt:Data></tt:MessageDescription>`;

const item = (name: string, type: string): string => `<tt:SimpleItemDescription Name="${name}" Type="${type}"/>`;

const topicSet =
  '<wstop:TopicSet>' +
  '<tns1:RuleEngine wstop:topic="false"><CellMotionDetector wstop:topic="false"><Motion wstop:topic="true">' +
  topicDescription(
    item('VideoSourceConfigurationToken', 'tt:ReferenceToken') +
      item('VideoAnalyticsConfigurationToken', 'tt:ReferenceToken') +
      item('Rule', 'xs:string'),
    item('IsMotion', 'xs:boolean'),
  ) +
  '</Motion></CellMotionDetector></tns1:RuleEngine>' +
  '<tns1:Device wstop:topic="false"><Trigger wstop:topic="false">' +
  `<DigitalInput wstop:topic="true">${topicDescription(item('InputToken', 'tt:ReferenceToken'), item('LogicalState', 'xs:boolean'))}</DigitalInput>` +
  `<Relay wstop:topic="true">${topicDescription(item('RelayToken', 'tt:ReferenceToken'), item('LogicalState', 'tt:RelayLogicalState'))}</Relay>` +
  '</Trigger></tns1:Device></wstop:TopicSet>';

const subscriptionId = (context: OperationContext): string | undefined => context.subscriptionId;

const pullMessages: Operation = async (request, context) => {
  const id = subscriptionId(context);
  const timeoutText = childText(request, 'Timeout');
  const timeoutMs = Math.min(
    (timeoutText === undefined ? undefined : parseXsDuration(timeoutText)) ?? 0,
    MAX_PULL_TIMEOUT_MS,
  );
  const limit = Number(childText(request, 'MessageLimit') ?? '10') || 10;
  const messages =
    id === undefined ? undefined : await context.device.subscriptions.pull(id, timeoutMs, limit, context.signal);
  const termination = id === undefined ? undefined : context.device.subscriptions.terminationTime(id);
  if (!messages || !termination) {
    return { fault: NO_SUBSCRIPTION };
  }
  return {
    body:
      `<tev:PullMessagesResponse><tev:CurrentTime>${context.device.now().toISOString()}</tev:CurrentTime>` +
      `<tev:TerminationTime>${termination.toISOString()}</tev:TerminationTime>` +
      messages.map(notificationXml).join('') +
      '</tev:PullMessagesResponse>',
  };
};

export const eventsOperations: OperationTable = new Map([
  ...table(NS.events, {
    GetServiceCapabilities: () => ({
      body:
        '<tev:GetServiceCapabilitiesResponse><tev:Capabilities WSSubscriptionPolicySupport="false" ' +
        'WSPausableSubscriptionManagerInterfaceSupport="false" MaxNotificationProducers="0" MaxPullPoints="100" ' +
        'PersistentNotificationStorage="false"/></tev:GetServiceCapabilitiesResponse>',
    }),
    GetEventProperties: () => ({
      body:
        '<tev:GetEventPropertiesResponse>' +
        '<tev:TopicNamespaceLocation>http://www.onvif.org/onvif/ver10/topics/topicns.xml</tev:TopicNamespaceLocation>' +
        `<wsnt:FixedTopicSet>true</wsnt:FixedTopicSet>${topicSet}` +
        '<wsnt:TopicExpressionDialect>http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet</wsnt:TopicExpressionDialect>' +
        '<wsnt:TopicExpressionDialect>http://docs.oasis-open.org/wsn/t-1/TopicExpression/Concrete</wsnt:TopicExpressionDialect>' +
        '<tev:MessageContentFilterDialect>http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter</tev:MessageContentFilterDialect>' +
        '<tev:MessageContentSchemaLocation>http://www.onvif.org/onvif/ver10/schema/onvif.xsd</tev:MessageContentSchemaLocation>' +
        '</tev:GetEventPropertiesResponse>',
    }),
    CreatePullPointSubscription: (request, context) => {
      const now = context.device.now();
      const termination = terminationTime(childText(request, 'InitialTerminationTime'), now);
      if (!termination) {
        return INVALID_TERMINATION;
      }
      const filter = topicFilter(childText(childNamed(request, 'Filter'), 'TopicExpression'));
      const { id } = context.device.subscriptions.create(termination, filter, context.device.initialMessages());
      return {
        body:
          '<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference>' +
          `<a:Address>${context.baseUrl}${SUBSCRIPTION_PATH}${id}</a:Address></tev:SubscriptionReference>` +
          `${times(now, termination)}</tev:CreatePullPointSubscriptionResponse>`,
      };
    },
    PullMessages: pullMessages,
    SetSynchronizationPoint: (_request, context) => {
      const id = subscriptionId(context);
      return id !== undefined && context.device.subscriptions.terminationTime(id)
        ? { body: '<tev:SetSynchronizationPointResponse/>' }
        : { fault: NO_SUBSCRIPTION };
    },
  }),
  ...table(NS.notification, {
    Renew: (request, context) => {
      const id = subscriptionId(context);
      const now = context.device.now();
      const termination = terminationTime(childText(request, 'TerminationTime'), now);
      if (!termination) {
        return INVALID_TERMINATION;
      }
      return id !== undefined && context.device.subscriptions.renew(id, termination)
        ? { body: `<wsnt:RenewResponse>${times(now, termination)}</wsnt:RenewResponse>` }
        : { fault: NO_SUBSCRIPTION };
    },
    Unsubscribe: (_request, context) => {
      const id = subscriptionId(context);
      return id !== undefined && context.device.subscriptions.unsubscribe(id)
        ? { body: '<wsnt:UnsubscribeResponse/>' }
        : { fault: NO_SUBSCRIPTION };
    },
  }),
]);
