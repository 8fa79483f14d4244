import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/require-permission.decorator';
import { RuleSimulationService, type RuleSimulation } from './rule-simulation.service';
import { CopyRuleRequest, RuleRequest, SimulateRuleRequest, type RuleValidation, type RuleView } from './rules.dto';
import { RulesService } from './rules.service';

@ApiTags('rules')
@ApiBearerAuth()
@Controller('api/rules')
export class RulesController {
  constructor(
    private readonly rules: RulesService,
    private readonly simulations: RuleSimulationService,
  ) {}

  /** What the rule, as now defined, would have done over a stored time range; no side effects. */
  @RequirePermission('rules.view')
  @Post(':ruleId/simulate')
  @HttpCode(HttpStatus.OK)
  simulate(@Param('ruleId') ruleId: string, @Body() body: SimulateRuleRequest): Promise<RuleSimulation> {
    return this.simulations.simulate(ruleId, body);
  }

  @RequirePermission('rules.view')
  @Get()
  list(): Promise<RuleView[]> {
    return this.rules.list();
  }

  /** Every rule checked against what exists now (declared before `:ruleId` so it is not taken for an id). */
  @RequirePermission('rules.view')
  @Get('validation')
  validateAll(): Promise<RuleValidation[]> {
    return this.rules.validateAll();
  }

  @RequirePermission('rules.view')
  @Get(':ruleId')
  get(@Param('ruleId') ruleId: string): Promise<RuleView> {
    return this.rules.get(ruleId);
  }

  @RequirePermission('rules.view')
  @Get(':ruleId/validation')
  validate(@Param('ruleId') ruleId: string): Promise<RuleValidation> {
    return this.rules.validate(ruleId);
  }

  @RequirePermission('rules.manage')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() body: RuleRequest): Promise<{ ruleId: string }> {
    return this.rules.create(actor, body);
  }

  @RequirePermission('rules.manage')
  @Put(':ruleId')
  @HttpCode(HttpStatus.NO_CONTENT)
  update(@CurrentActor() actor: Actor, @Param('ruleId') ruleId: string, @Body() body: RuleRequest): Promise<void> {
    return this.rules.update(actor, ruleId, body);
  }

  @RequirePermission('rules.manage')
  @Post(':ruleId/copy')
  copy(
    @CurrentActor() actor: Actor,
    @Param('ruleId') ruleId: string,
    @Body() body: CopyRuleRequest,
  ): Promise<{ ruleId: string }> {
    return this.rules.copy(actor, ruleId, body.name);
  }

  @RequirePermission('rules.manage')
  @Post(':ruleId/activate')
  @HttpCode(HttpStatus.NO_CONTENT)
  activate(@CurrentActor() actor: Actor, @Param('ruleId') ruleId: string): Promise<void> {
    return this.rules.setActive(actor, ruleId, true);
  }

  @RequirePermission('rules.manage')
  @Post(':ruleId/deactivate')
  @HttpCode(HttpStatus.NO_CONTENT)
  deactivate(@CurrentActor() actor: Actor, @Param('ruleId') ruleId: string): Promise<void> {
    return this.rules.setActive(actor, ruleId, false);
  }

  @RequirePermission('rules.manage')
  @Delete(':ruleId')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@CurrentActor() actor: Actor, @Param('ruleId') ruleId: string): Promise<void> {
    return this.rules.delete(actor, ruleId);
  }
}
