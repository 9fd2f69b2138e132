import {
  DESTINATION_NAME_PATTERN,
  LEAD_QUEUE,
  destinationQueueName,
  isLeadbridgeQueue,
} from '../src';

describe('destination queues', () => {
  it("names each destination's queue after it, apart from the intake queue", () => {
    expect(destinationQueueName('crm-emea')).toBe('leadbridge-to-crm-emea');
    expect(destinationQueueName('crm-emea')).not.toBe(LEAD_QUEUE);
  });

  it('accepts lower-case names of letters, digits and dashes, up to 40 characters', () => {
    for (const name of ['crm', 'crm-emea-2', `a${'b'.repeat(39)}`]) {
      expect(DESTINATION_NAME_PATTERN.test(name)).toBe(true);
    }
    for (const name of ['', 'CRM', '2crm', '-crm', 'crm_emea', 'crm:emea', `a${'b'.repeat(40)}`]) {
      expect(DESTINATION_NAME_PATTERN.test(name)).toBe(false);
    }
  });

  it("tells Leadbridge's queues found in Redis from any other application's", () => {
    for (const name of [LEAD_QUEUE, 'leadbridge-to-crm-emea', 'leadbridge-to-sales-email']) {
      expect(isLeadbridgeQueue(name)).toBe(true);
    }
    for (const name of ['emails', 'leadbridge-to-', 'leadbridge-to-CRM', 'leadbridge-to-a:b']) {
      expect(isLeadbridgeQueue(name)).toBe(false);
    }
  });
});
